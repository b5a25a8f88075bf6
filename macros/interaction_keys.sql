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
        when {{ parties }}.party_role = {{ idb_code('party_role', 'CONSULT_DESTINATION') }}
            then {{ fixed_key('technical_descriptor', 'ANSWERED_CONSULT') }}
        when {{ parties }}.call_type = {{ idb_code('call_type', 'CONSULT') }}
            then {{ fixed_key('technical_descriptor', 'INITIATED_CONSULT') }}
        when {{ parties }}.party_role = {{ idb_code('party_role', 'TRANSFERRED_TO') }}
            then {{ fixed_key('technical_descriptor', 'ANSWERED_TRANSFER') }}
        when {{ parties }}.party_role = {{ idb_code('party_role', 'CONFERENCE_MEMBER') }}
            then {{ fixed_key('technical_descriptor', 'CONFERENCE_JOINED') }}
        when {{ parties }}.talk_count = 0
            then {{ fixed_key('technical_descriptor', 'ABANDONED_WHILE_RINGING') }}
        when {{ parties }}.last_cause = {{ idb_code('cc_event_cause', 'TRANSFER') }}
            then {{ fixed_key('technical_descriptor', 'TRANSFERRED') }}
        when {{ parties }}.last_cause = {{ idb_code('cc_event_cause', 'CONFERENCE') }}
            then {{ fixed_key('technical_descriptor', 'CONFERENCED') }}
        else {{ fixed_key('technical_descriptor', 'ANSWERED') }}
    end
{% endmacro %}

{#-
    The interaction a G_CALL belongs to: its ROOTIRID, else its own IRID. `calls` names a relation
    of stg_gidb__g_call rows. GIDB's calls are indexed on this expression of the raw columns
    (orchestrator/gidb/schema.py TRANSFORM_EXPRESSIONS): keep the two the same.
-#}
{% macro interaction_root(calls) -%}
    coalesce({{ calls }}.root_ir_id, {{ calls }}.ir_id)
{%- endmacro %}

{#-
    INTERACTION_ID of a group of calls sharing one root IRID (an aggregate over the group): the
    key of the root's own G_CALL row (the call whose IRID is the root), else of the group's first
    row while the root has not arrived. `calls` names a relation of stg_gidb__g_call rows.
-#}
{% macro interaction_id_of_group(calls) %}
    coalesce(
        min(
            case
                when {{ calls }}.ir_id = {{ interaction_root(calls) }}
                    then {{ fact_id(calls ~ '.data_source_key', calls ~ '.call_row_id') }}
            end
        ),
        min({{ fact_id(calls ~ '.data_source_key', calls ~ '.call_row_id') }})
    )
{% endmacro %}
