{#-
    IDB code values by name: {{ idb_code('agent_state', 'READY') }} renders 3.
    Rendered from orchestrator/idb/codes.py by `python -m orchestrator.idb.render`:
    edit codes.py, not this file. Meanings: docs/idb.md, "Code values".
-#}
{% macro idb_code(domain, name) %}
    {%- set codes = {
        'config_status': {'UNKNOWN': 0, 'ACTIVE': 1, 'DELETED': 2, 'SYNC_IN_PROGRESS': 10},
        'config_state': {'UNKNOWN': 0, 'ENABLED': 1, 'DISABLED': 2},
        'agent_type': {'UNKNOWN': 0, 'SUPERVISOR': 1, 'AGENT': 2},
        'group_type': {'UNKNOWN': 0, 'AGENT_GROUP': 1, 'PLACE_GROUP': 2, 'DN_GROUP': 3, 'ACCESS_GROUP': 4},
        'endpoint_type': {'UNKNOWN': 0, 'EXTENSION': 1, 'ACD_POSITION': 2, 'ACD_QUEUE': 5, 'ROUTING_POINT': 6, 'VIRTUAL_QUEUE': 7, 'EXTERNAL': 8, 'VOICE_CHANNEL': 14, 'INTERACTION_QUEUE': 22},
        'media_type': {'UNKNOWN': 0, 'VOICE': 1, 'EMAIL': 2, 'CHAT': 3},
        'call_type': {'UNKNOWN': 0, 'INTERNAL': 1, 'INBOUND': 2, 'OUTBOUND': 3, 'CONSULT': 4},
        'call_state': {'UNKNOWN': 0, 'ACTIVE': 1, 'TERMINATED': 2},
        'call_change_type': {'CREATED': 1, 'TERMINATED': 2, 'MERGED': 3, 'TRANSFER_FAILED': 4},
        'merge_type': {'NONE': 0, 'TRANSFER': 1, 'CONFERENCE': 2},
        'party_type': {'UNKNOWN': 0, 'INTERNAL': 1, 'EXTERNAL': 2, 'MM_PLACE': 3, 'MM_INTERACTION_QUEUE': 4, 'MM_WORKBIN': 5, 'MM_ROUTING_STRATEGY': 6},
        'party_role': {'UNKNOWN': 0, 'ORIGINATOR': 1, 'DESTINATION': 2, 'CONFERENCE_MEMBER': 3, 'ROUTED_TO': 4, 'TRANSFERRED_TO': 5, 'CONSULT_DESTINATION': 6},
        'party_state': {'UNKNOWN': 0, 'DIALING': 1, 'RINGING': 2, 'QUEUED': 3, 'CONNECTED': 4, 'HELD': 5, 'RELEASED': 6, 'ABANDONED': 7, 'REDIRECTED': 8, 'ROUTED': 9, 'DIVERTED': 10},
        'party_change_type': {'CREATED': 1, 'STATE_CHANGED': 2, 'TERMINATED': 3, 'MOVED': 4},
        'party_link_type': {'NONE': 0, 'TRANSFER': 1, 'CONFERENCE': 2, 'CONSULT': 3, 'ROUTE': 4},
        'cc_event': {'UNKNOWN': 0, 'RINGING': 1, 'DIALING': 2, 'ESTABLISHED': 3, 'RELEASED': 4, 'ABANDONED': 5, 'HELD': 6, 'RETRIEVED': 7, 'QUEUED': 8, 'DIVERTED': 9, 'PARTY_CHANGED': 10},
        'cc_event_cause': {'UNKNOWN': 0, 'NORMAL': 1, 'TRANSFER': 2, 'CONFERENCE': 3, 'CONSULT': 4, 'ROUTED': 5},
        'vq_result': {'UNKNOWN': 0, 'DISTRIBUTED': 1, 'ABANDONED': 2, 'CLEARED': 3},
        'route_result': {'UNKNOWN': 0, 'ROUTED': 1, 'ABANDONED': 2, 'DEFAULT_ROUTED': 3},
        'routing_target_type': {'UNKNOWN': 0, 'AGENT': 1, 'PLACE': 2, 'AGENT_GROUP': 3, 'PLACE_GROUP': 4, 'SKILL_EXPRESSION': 5},
        'agent_state_record_type': {'UNKNOWN': -1, 'NORMAL': 0, 'CALL_CONNECTED': 1, 'CALL_DISCONNECTED': 2, 'WORKMODE': 4, 'STATE': 5, 'PENDING_STATE': 6},
        'agent_state': {'UNKNOWN': 0, 'LOGGED_OUT': 1, 'LOGGED_IN': 2, 'READY': 3, 'NOT_READY': 4, 'BUSY': 5, 'AFTER_CALL_WORK': 6, 'DND': 7},
        'work_mode': {'UNKNOWN': 0, 'MANUAL_IN': 1, 'AUTO_IN': 2, 'AFTER_CALL_WORK': 3, 'AUX_WORK': 4, 'NO_CALL_DISCONNECT': 5, 'WALK_AWAY': 6, 'RETURN_BACK': 7},
        'session_state': {'UNKNOWN': 0, 'ACTIVE': 1, 'TERMINATED': 2},
        'userdata_change_type': {'ADDED': 1, 'UPDATED': 2, 'DELETED': 3},
        'is_link_type': {'UNKNOWN': 0, 'ORIGINATING': 1, 'DESTINATION': 2},
        'data_source_type': {'T_SERVER': 1, 'INTERACTION_SERVER': 2, 'OCS': 3, 'CONFIGURATION_SERVER': 4},
        'connection_type': {'FIRST_CONNECTION': 1, 'RECONNECT': 2, 'DATA_SOURCE_RESTART': 3, 'SWITCH_RECONNECTION': 4, 'SWITCHOVER': 5},
        'provider_tag': {'CFG': 1, 'GCC': 2, 'GLS': 3, 'GUD': 4, 'GOS': 5},
        'call_result': {'GENERAL_ERROR': 2, 'SYSTEM_ERROR': 3, 'BUSY': 6, 'NO_ANSWER': 7, 'SIT_DETECTED': 8, 'ANSWERING_MACHINE': 9, 'FAX': 17, 'ABANDONED': 21, 'DROPPED': 26, 'ANSWER': 33, 'CANCEL_RECORD': 35, 'WRONG_PARTY': 41, 'DO_NOT_CALL': 47, 'TRANSFERRED': 52},
        'campaign_group_state': {'NOT_LOADED': 1, 'LOADED': 2, 'RUNNING': 3, 'UNLOADING': 4},
        'dialing_mode': {'PREDICTIVE': 1, 'PROGRESSIVE': 2, 'PREVIEW': 3, 'PUSH_PREVIEW': 4, 'PREDICTIVE_WITH_SEIZING': 5, 'PROGRESSIVE_WITH_SEIZING': 6, 'POWER_GVP': 7},
        'record_status': {'NO_RECORD_STATUS': 0, 'READY': 1, 'RETRIEVED': 2, 'UPDATED': 3, 'STALE': 4, 'CANCELLED': 5, 'AGENT_ERROR': 6, 'CHAIN_UPDATED': 7, 'MISSED_CALLBACK': 8, 'CHAIN_READY': 9},
        'record_type': {'NO_RECORD_TYPE': 0, 'UNKNOWN_RECORD_TYPE': 1, 'GENERAL': 2, 'CAMPAIGN_RESCHEDULED': 3, 'PERSONAL_RESCHEDULED': 4, 'PERSONAL_CALLBACK': 5, 'CAMPAIGN_CALLBACK': 6, 'NO_CALL': 7},
        'contact_info_type': {'NO_CONTACT_TYPE': 0, 'HOME_PHONE': 1, 'DIRECT_BUSINESS_PHONE': 2, 'BUSINESS_WITH_EXT': 3, 'MOBILE': 4, 'VACATION_PHONE': 5, 'PAGER': 6, 'MODEM': 7, 'VOICE_MAIL': 8, 'PIN_PAGER': 9, 'EMAIL': 10, 'INSTANT_MESSAGING': 11},
        'releasing_party': {'UNKNOWN': 0, 'CUSTOMER': 1, 'AGENT': 2, 'SYSTEM': 3}
    } -%}
    {%- if domain not in codes or name not in codes[domain] -%}
        {{ exceptions.raise_compiler_error('idb_code: no code ' ~ name ~ ' in domain ' ~ domain) }}
    {%- endif -%}
    {{- codes[domain][name] -}}
{% endmacro %}
