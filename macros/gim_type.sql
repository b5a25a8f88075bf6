{#- Portable column types: one logical name, the right physical type per adapter. -#}
{% macro gim_type(logical) %}
    {{ return(adapter.dispatch('gim_type', 'infomart')(logical)) }}
{% endmacro %}

{% macro default__gim_type(logical) %}
    {%- set types = {
        'key': 'bigint',
        'int': 'integer',
        'ts': 'bigint',
        'timestamp': 'timestamp(3)',
        'flag': 'smallint',
        'date': 'date',
        'text': 'text'
    } -%}
    {{ return(types.get(logical, logical)) }}
{% endmacro %}

{% macro sqlserver__gim_type(logical) %}
    {%- set types = {
        'key': 'bigint',
        'int': 'int',
        'ts': 'bigint',
        'timestamp': 'datetime2(3)',
        'flag': 'smallint',
        'date': 'date',
        'text': 'varchar(max)'
    } -%}
    {{ return(types.get(logical, logical)) }}
{% endmacro %}
