{#- RESOURCE_STATE_KEY (seeds/fixed/fixed_resource_state.csv) of an IDB agent state. -#}
{% macro resource_state_key(agent_state) %}
    case {{ agent_state }}
        when {{ idb_code('agent_state', 'LOGGED_IN') }} then {{ fixed_key('resource_state', 'LOGGEDONONLY') }}
        when {{ idb_code('agent_state', 'READY') }} then {{ fixed_key('resource_state', 'READY') }}
        when {{ idb_code('agent_state', 'NOT_READY') }} then {{ fixed_key('resource_state', 'NOT_READY') }}
        when {{ idb_code('agent_state', 'BUSY') }} then {{ fixed_key('resource_state', 'BUSY') }}
        when {{ idb_code('agent_state', 'AFTER_CALL_WORK') }} then {{ fixed_key('resource_state', 'ACW') }}
        when {{ idb_code('agent_state', 'DND') }} then {{ fixed_key('resource_state', 'DND') }}
        else {{ fixed_key('resource_state', 'UNKNOWN') }}
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
    case {{ state_key }}
        {%- for state in var('sm_resource_state_priority') %}
        when {{ fixed_key('resource_state', state) }} then {{ loop.index }}
        {%- endfor %}
        else 10 + {{ state_key }}
    end
{%- endmacro %}
