{#- A sequence for surrogate keys handed out by the orchestrator (CTL_AUDIT_LOG.AUDIT_KEY). -#}
{% macro create_sequence(relation_schema, sequence_name) %}
    {{ return(adapter.dispatch('create_sequence', 'infomart')(relation_schema, sequence_name)) }}
{% endmacro %}

{% macro default__create_sequence(relation_schema, sequence_name) %}
    create sequence if not exists {{ relation_schema }}.{{ sequence_name }}
{% endmacro %}

{% macro sqlserver__create_sequence(relation_schema, sequence_name) %}
    if object_id('{{ relation_schema }}.{{ sequence_name }}', 'SO') is null
        exec('create sequence {{ relation_schema }}.{{ sequence_name }} as bigint start with 1')
{% endmacro %}
