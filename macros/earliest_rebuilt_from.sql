{#-
    The earliest REBUILT_FROM_TS of a relation of rebuilt ranges (rebuilt_resource_key,
    rebuilt_from_ts); null when there is none. When dbt runs the model it is read first and
    written as a literal, so the planner sees how recent it is and reaches the few rows after it
    through an END_TS index, instead of scanning the history (a subquery's value is unknown when
    the plan is made). Compiled without a run (docs, SQL Server compile, lint) it stays a subquery
    of the same value.
-#}
{% macro earliest_rebuilt_from(rebuilds) %}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {%- set found = run_query(
            'select min(rebuilt_from_ts) as earliest_ts from ' ~ rebuilds
        ) -%}
        {%- set earliest = found.columns[0].values()[0] -%}
        {{ 'null' if earliest is none else earliest }}
    {%- else -%}
        (select min(ranges.rebuilt_from_ts) as earliest_ts from {{ rebuilds }} as ranges)
    {%- endif -%}
{% endmacro %}
