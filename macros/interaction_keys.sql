{#- INTERACTION_TYPE_KEY (seeds/fixed/fixed_interaction_type.csv) of a G_CALL.CALLTYPE. -#}
{% macro interaction_type_key(call_type) %}
    case {{ call_type }}
        when {{ idb_code('call_type', 'CONSULT') }} then 9
        when {{ idb_code('call_type', 'INTERNAL') }} then 8
        when {{ idb_code('call_type', 'OUTBOUND') }} then 4
        when {{ idb_code('call_type', 'INBOUND') }} then 1
        else -2
    end
{% endmacro %}

{#-
    TECHNICAL_DESCRIPTOR_KEY (seeds/fixed/fixed_technical_descriptor.csv) of an agent's party:
    its role in the call, whether it answered, and how it ended.
-#}
{% macro agent_technical_descriptor_key(parties) %}
    case
        when {{ parties }}.party_role = {{ idb_code('party_role', 'CONSULT_DESTINATION') }} then 3
        when {{ parties }}.call_type = {{ idb_code('call_type', 'CONSULT') }} then 4
        when {{ parties }}.party_role = {{ idb_code('party_role', 'TRANSFERRED_TO') }} then 2
        when {{ parties }}.party_role = {{ idb_code('party_role', 'CONFERENCE_MEMBER') }} then 6
        when {{ parties }}.talk_count = 0 then 10
        when {{ parties }}.last_cause = {{ idb_code('cc_event_cause', 'TRANSFER') }} then 7
        when {{ parties }}.last_cause = {{ idb_code('cc_event_cause', 'CONFERENCE') }} then 9
        else 1
    end
{% endmacro %}
