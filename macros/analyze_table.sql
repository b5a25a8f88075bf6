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
