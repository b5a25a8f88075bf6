{#-
    INTERACTION_DESCRIPTOR_KEY of the relation's tenant_dbid, customer_segment, service_type,
    service_subtype and business_result: -1 (no value) when all four are empty, else set_key of
    the five (an empty one written as "(none)"), so one descriptor has one key on every build.
-#}
{% macro interaction_descriptor_key(relation) %}
    {%- set parts = ["cast(" ~ relation ~ ".tenant_dbid as varchar(12))"] -%}
    {%- for value in descriptor_values() -%}
        {%- do parts.extend(["'|'", "coalesce(" ~ relation ~ "." ~ value ~ ", '(none)')"]) -%}
    {%- endfor -%}
    case
        when
            {%- for value in descriptor_values() %}
            {{ relation }}.{{ value }} is null{{ ' and' if not loop.last }}
            {%- endfor %}
            then cast(-1 as bigint)
        else {{ set_key(dbt.concat(parts)) }}
    end
{%- endmacro %}

{#- The attached-data values an INTERACTION_DESCRIPTOR row is made of. -#}
{% macro descriptor_values() %}
    {{- return(['customer_segment', 'service_type', 'service_subtype', 'business_result']) -}}
{% endmacro %}

{#- Whether a text is a whole number that fits an integer (at most nine digits). -#}
{% macro is_whole_number(text) %}
    {{- return(adapter.dispatch('is_whole_number')(text)) -}}
{% endmacro %}

{% macro default__is_whole_number(text) %}
    ({{ text }} ~ '^[0-9]{1,9}$')
{% endmacro %}

{% macro sqlserver__is_whole_number(text) %}
    (len({{ text }}) between 1 and 9 and {{ text }} not like '%[^0-9]%')
{% endmacro %}
