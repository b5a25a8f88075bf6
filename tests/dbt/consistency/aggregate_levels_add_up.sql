{#-
    Every aggregate level above SUBHR equals the level it is summed from, rolled up to its periods
    (sums summed, *_max maxed): rows of one side missing from the other, per hierarchy and level.
    Tagged `aggregate`, so `dbt test --select tag:aggregate` runs it with the aggregates' own tests.
-#}
{{ config(tags=['aggregate']) }}

{%- set comparisons = [] -%}
{%- for hierarchy in aggregate_hierarchies() -%}
    {%- for level, source_level, period in aggregate_levels() if source_level -%}
        {%- do comparisons.append((hierarchy, level, source_level, period)) -%}
    {%- endfor -%}
{%- endfor %}

{% for hierarchy, level, source_level, period in comparisons %}
    {%- set spec = aggregate_hierarchy(hierarchy) -%}
    {%- set measures = spec['sums'] + spec['maxes'] %}
    {%- set rolled_up -%}
        select
            {{ period }} as date_time_key,
            {%- for column in spec['groups'] %}
            src.{{ column }},
            {%- endfor %}
            {%- for column in spec['sums'] %}
            sum(src.{{ column }}) as {{ column }},
            {%- endfor %}
            {%- for column in spec['maxes'] %}
            max(src.{{ column }}) as {{ column }},
            {%- endfor %}
            '{{ level }}' as agg_level
        from {{ ref('ag2_' ~ hierarchy ~ '_' ~ source_level) }} as src
        inner join {{ ref('date_time') }} as calendar
            on src.date_time_key = calendar.date_time_key
        group by {{ period }}{% for column in spec['groups'] %}, src.{{ column }}{% endfor %}
    {%- endset -%}
    {%- set stored -%}
        select
            date_time_key,
            {%- for column in spec['groups'] + measures %}
            {{ column }},
            {%- endfor %}
            '{{ level }}' as agg_level
        from {{ ref('ag2_' ~ hierarchy ~ '_' ~ level) }}
    {%- endset %}
    select
        'ag2_{{ hierarchy }}_{{ level }}' as aggregate_name,
        'not its {{ source_level }} rows rolled up' as problem,
        count(*) as row_count
    from (({{ rolled_up }}) except ({{ stored }})) as missing
    having count(*) > 0
    union all
    select
        'ag2_{{ hierarchy }}_{{ level }}' as aggregate_name,
        'rows its {{ source_level }} rows do not add up to' as problem,
        count(*) as row_count
    from (({{ stored }}) except ({{ rolled_up }})) as extra
    having count(*) > 0
    {% if not loop.last %}union all{% endif %}
{% endfor %}
