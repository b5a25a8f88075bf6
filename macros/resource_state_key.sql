{#- RESOURCE_STATE_KEY (seeds/fixed/fixed_resource_state.csv) of an IDB agent state. -#}
{% macro resource_state_key(agent_state) %}
    case {{ agent_state }}
        when {{ idb_code('agent_state', 'LOGGED_IN') }} then 1
        when {{ idb_code('agent_state', 'READY') }} then 2
        when {{ idb_code('agent_state', 'NOT_READY') }} then 3
        when {{ idb_code('agent_state', 'BUSY') }} then 4
        when {{ idb_code('agent_state', 'AFTER_CALL_WORK') }} then 5
        when {{ idb_code('agent_state', 'DND') }} then 6
        else -2
    end
{% endmacro %}

{#- The order new RESOURCE_STATE_REASON rows take their keys in. -#}
{% macro reason_order(relation) %}
    {{ relation }}.tenant_key,
    {{ relation }}.reason_type_code,
    {{ relation }}.hardware_reason,
    {{ relation }}.software_reason_key,
    {{ relation }}.software_reason_value,
    {{ relation }}.workmode_code
{% endmacro %}

{#- The natural key of a RESOURCE_STATE_REASON row: both relations carry its columns. -#}
{% macro same_state_reason(left, right) %}
    {{ left }}.tenant_key = {{ right }}.tenant_key
    and {{ left }}.reason_type_code = {{ right }}.reason_type_code
    and coalesce({{ left }}.hardware_reason, '') = coalesce({{ right }}.hardware_reason, '')
    and coalesce({{ left }}.software_reason_key, '') = coalesce({{ right }}.software_reason_key, '')
    and coalesce({{ left }}.software_reason_value, '')
    = coalesce({{ right }}.software_reason_value, '')
    and {{ left }}.workmode_code = {{ right }}.workmode_code
{% endmacro %}

{#-
    Rank of a RESOURCE_STATE_KEY in the [gim-etl] sm-resource-state-priority option (1 wins);
    states the option does not list (LoggedOnOnly, DND, Unknown) rank after every listed one.
-#}
{% macro summary_state_rank(state_key) %}
    {%- set keys = {'READY': 2, 'NOT_READY': 3, 'BUSY': 4, 'ACW': 5} -%}
    case {{ state_key }}
        {%- for state in var('sm_resource_state_priority') %}
        when {{ keys[state] }} then {{ loop.index }}
        {%- endfor %}
        else 10 + {{ state_key }}
    end
{%- endmacro %}
