{#- The current moment as UTC epoch seconds. -#}
{% macro epoch_now() %}
    {{ return(adapter.dispatch('epoch_now', 'infomart')()) }}
{% endmacro %}

{% macro default__epoch_now() %}
    cast(extract(epoch from current_timestamp) as bigint)
{% endmacro %}

{% macro sqlserver__epoch_now() %}
    datediff_big(second, '1970-01-01', sysutcdatetime())
{% endmacro %}
