{#-
    An aggregate holds one row per period and group: no two rows share DATE_TIME_KEY and the
    hierarchy's grouping columns (aggregate_hierarchies), checked by unique_combination (in the
    image of dbt-utils' unique_combination_of_columns). The hierarchy is read from the model's
    name once dbt runs the test (when parsing, `model` is not the model yet).
-#}
{% test aggregate_grain(model) %}
    {%- set columns = ['date_time_key'] -%}
    {%- if execute -%}
        {%- set hierarchy = model.identifier.removeprefix('ag2_').rsplit('_', 1)[0] -%}
        {%- set columns = columns + aggregate_hierarchy(hierarchy)['groups'] -%}
    {%- endif -%}
    {{ test_unique_combination(model, columns) }}
{% endtest %}
