{#- Every key fixed_key() names is the seed row its name stands for (macros/fixed_key.sql). -#}
{% for dimension, spec in fixed_keys().items() %}
    {%- set parts = [] -%}
    {%- for column in spec['codes'] -%}
        {%- do parts.append('seeded.' ~ column) -%}
        {%- if not loop.last %}{% do parts.append("'/'") %}{% endif -%}
    {%- endfor %}
    {%- for name, (key, codes) in spec['keys'].items() %}
        select
            '{{ dimension }}' as dimension_name,
            '{{ name }}' as key_name,
            {{ key }} as named_key
        where not exists (
            select 1 as found
            from {{ ref('fixed_' ~ dimension) }} as seeded
            where
                seeded.{{ dimension }}_key = {{ key }}
                and {{ dbt.concat(parts) if parts | length > 1 else parts[0] }} = '{{ codes }}'
        )
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
