{#-
    The columns of a public table, in its contract's order and types: `select
    {{ contract_columns('final') }} from final`. The YAML contract is the one place a column's
    type is written; the model casts to it, so both adapters build the declared types. A unit
    test (`model` is then the test, without the columns) compares values: it gets them uncast.
-#}
{% macro contract_columns(relation) %}
    {%- if model.resource_type == 'unit_test' %}
        {{ relation }}.*
    {%- else %}
        {%- for column in model.columns.values() %}
        cast({{ relation }}.{{ column.name }} as {{ column.data_type | lower }}) as {{ column.name }}
        {{- "," if not loop.last }}
        {%- endfor %}
    {%- endif %}
{% endmacro %}
