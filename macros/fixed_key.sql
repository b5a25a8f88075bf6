{#-
    Keys of the fixed dimensions' rows by name, as {{ idb_code() }} names IDB codes:
    {{ fixed_key('technical_descriptor', 'DIVERTED') }} renders 14. Each name stands for a row of
    seeds/fixed/ by its code columns (joined with '/'); tests/dbt/fixed_keys_match_the_seeds.sql
    holds every key to its row.
-#}
{% macro fixed_keys() %}
    {{- return({
        'technical_descriptor': {
            'codes': ['technical_result_code', 'result_reason_code', 'resource_role_code', 'role_reason_code'],
            'keys': {
                'ANSWERED': (1, 'COMPLETED/ANSWEREDBYAGENT/RECEIVED/UNSPECIFIED'),
                'ANSWERED_TRANSFER': (2, 'COMPLETED/ANSWEREDBYAGENT/RECEIVEDTRANSFER/UNSPECIFIED'),
                'ANSWERED_CONSULT': (3, 'COMPLETED/ANSWEREDBYAGENT/RECEIVEDCONSULT/UNSPECIFIED'),
                'INITIATED_CONSULT': (4, 'COMPLETED/ANSWEREDBYAGENT/INITIATEDCONSULT/UNSPECIFIED'),
                'COMPLETED_INITIATED': (5, 'COMPLETED/ANSWEREDBYAGENT/INITIATED/UNSPECIFIED'),
                'CONFERENCE_JOINED': (6, 'COMPLETED/ANSWEREDBYAGENT/RECEIVED/CONFERENCEJOINED'),
                'TRANSFERRED': (7, 'TRANSFERRED/ANSWEREDBYAGENT/RECEIVED/UNSPECIFIED'),
                'CONFERENCED': (9, 'CONFERENCED/ANSWEREDBYAGENT/RECEIVED/CONFERENCEINITIATOR'),
                'ABANDONED_WHILE_RINGING': (10, 'CUSTOMERABANDONED/ABANDONEDWHILERINGING/RECEIVED/UNSPECIFIED'),
                'REDIRECTED': (12, 'REDIRECTED/ROUTEONNOANSWER/RECEIVED/UNSPECIFIED'),
                'DIVERTED': (14, 'DIVERTED/UNSPECIFIED/RECEIVED/UNSPECIFIED'),
                'ROUTED': (15, 'ROUTED/UNSPECIFIED/RECEIVED/UNSPECIFIED'),
                'ABANDONED_WHILE_QUEUED': (16, 'ABANDONED/ABANDONEDWHILEQUEUED/RECEIVED/UNSPECIFIED'),
                'CLEARED': (17, 'CLEARED/UNSPECIFIED/RECEIVED/UNSPECIFIED'),
                'UNSPECIFIED': (25, 'UNSPECIFIED/UNSPECIFIED/UNSPECIFIED/UNSPECIFIED')
            }
        },
        'interaction_type': {
            'codes': ['interaction_type_code', 'interaction_subtype_code'],
            'keys': {
                'OUTBOUND_REPLY': (5, 'OUTBOUND/OUTBOUNDREPLY')
            }
        },
        'resource_state': {
            'codes': ['state_name_code'],
            'keys': {
                'UNKNOWN': (-2, 'UNKNOWN'),
                'LOGGEDONONLY': (1, 'LOGGEDONONLY'),
                'READY': (2, 'READY'),
                'NOT_READY': (3, 'NOT_READY'),
                'BUSY': (4, 'BUSY'),
                'ACW': (5, 'ACW'),
                'DND': (6, 'DND')
            }
        },
        'interaction_resource_state': {
            'codes': ['state_name_code', 'state_role_code'],
            'keys': {
                'DIALING': (1, 'DIALING/CUSTOMER'),
                'ALERTING': (2, 'ALERTING/CUSTOMER'),
                'CONNECTED': (3, 'CONNECTED/CUSTOMER'),
                'HOLD': (4, 'HOLD/CUSTOMER'),
                'ACW': (5, 'ACW/CUSTOMER'),
                'CONSULT_DIALING': (6, 'DIALING/CONSULT'),
                'CONSULT_ALERTING': (7, 'ALERTING/CONSULT'),
                'CONSULT_CONNECTED': (8, 'CONNECTED/CONSULT'),
                'CONSULT_HOLD': (9, 'HOLD/CONSULT'),
                'CONSULT_ACW': (10, 'ACW/CONSULT'),
                'CONFERENCE_CONNECTED': (11, 'CONNECTED/CONFERENCE'),
                'CONFERENCE_HOLD': (12, 'HOLD/CONFERENCE')
            }
        }
    }) -}}
{% endmacro %}

{% macro fixed_key(dimension, name) %}
    {%- set known = fixed_keys() -%}
    {%- if dimension not in known or name not in known[dimension]['keys'] -%}
        {{ exceptions.raise_compiler_error('fixed_key: no row ' ~ name ~ ' in ' ~ dimension) }}
    {%- endif -%}
    {{- known[dimension]['keys'][name][0] -}}
{% endmacro %}

{#- The keys of several rows, comma-separated, for an `in (...)` list. -#}
{% macro fixed_key_list(dimension, names) %}
    {%- for name in names -%}
        {{ fixed_key(dimension, name) }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{% endmacro %}
