{#-
    No fact carries a negative duration or ends beyond the extraction horizon (the newest write
    time Job_ExtractICON has read, CTL_EXTRACT_HISTORY.MAX_TS): one row per offending fact table,
    column and count. Every *_DURATION column and END_TS of every fact model is checked, found
    from the manifest, so a fact added later is covered. Tagged `transform`.
-#}
{{ config(tags=['transform']) }}

{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and 'facts' in node.fqn
        and node.config.materialized != 'view' -%}
        {%- for column in node.columns -%}
            {%- if column.endswith('_duration') -%}
                {%- do checks.append((node, column, column ~ ' < 0')) -%}
            {%- elif column == 'end_ts' -%}
                {%- do checks.append((node, column, 'end_ts > (select h.horizon from horizon as h)')) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

with horizon as (
    select max(max_ts) as horizon from {{ ref('ctl_extract_history') }}
)

{% for node, column, condition in checks %}
    select
        '{{ node.name }}' as fact_table,
        '{{ column }}' as column_name,
        count(*) as offending_rows
    from {{ api.Relation.create(database=node.database, schema=node.schema,
        identifier=node.alias) }}
    where {{ condition }}
    having count(*) > 0
    {% if not loop.last %}union all{% endif %}
{% else %}
    select
        'none' as fact_table,
        'none' as column_name,
        0 as offending_rows
    where 1 = 0
{% endfor %}
