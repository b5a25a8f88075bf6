{#- Refresh the planner's statistics of a table a model just built (a post-hook). -#}
{% macro analyze_table(relation) %}
    {{ return(adapter.dispatch('analyze_table', 'infomart')(relation)) }}
{% endmacro %}

{% macro default__analyze_table(relation) %}
    analyze {{ relation }}
{% endmacro %}

{% macro sqlserver__analyze_table(relation) %}
    update statistics {{ relation }}
{% endmacro %}

{#-
    Post-hook of the facts: their statistics refreshed when PostgreSQL has none (a fact built for
    the first time) or when a tenth of the rows changed since the last ANALYZE, autovacuum's own
    rule, but at once: Job_AggregateGIM reads the facts seconds after Job_TransformGIM writes them,
    before autovacuum has woken up, and a plan made without statistics joined every queue stay
    to every agent row (over 10 minutes for one day at 1,000 agents). Changes of the running
    transaction are not yet counted, so a large load is analysed by the next run at the latest.
    A partitioned table has no statistics row of its own: its partitions are analysed by
    autovacuum.
-#}
{% macro analyze_when_stale(relation) %}
    {{ return(adapter.dispatch('analyze_when_stale', 'infomart')(relation)) }}
{% endmacro %}

{#- SQL Server updates statistics itself, before the query that finds them out of date. -#}
{% macro default__analyze_when_stale(relation) %}
{% endmacro %}

{% macro postgres__analyze_when_stale(relation) %}
    do $$
    begin
        if exists (
            select from pg_stat_user_tables
            where
                relid = '{{ relation }}'::regclass
                and (
                    coalesce(last_analyze, last_autoanalyze) is null
                    or n_mod_since_analyze > 50 + 0.1 * n_live_tup
                )
        ) then
            analyze {{ relation }};
        end if;
    end
    $$
{% endmacro %}
