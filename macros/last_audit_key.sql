{#- The audit key of a GIDB row's latest copy: UPDATE_AUDIT_KEY where the row changes, else CREATE. -#}
{% macro last_audit_key(updated=true) %}
    {%- if updated -%}
        coalesce(update_audit_key, create_audit_key)
    {%- else -%}
        create_audit_key
    {%- endif -%}
{% endmacro %}
