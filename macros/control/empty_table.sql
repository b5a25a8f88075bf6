{#- An empty relation with the given (column, logical type) pairs: the shape of a control table. -#}
{% macro empty_table(columns) %}
select
    {%- for name, logical in columns %}
    cast(null as {{ gim_type(logical) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
where 1 = 0
{% endmacro %}
