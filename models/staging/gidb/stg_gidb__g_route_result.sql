select
    data_source_key,
    id as route_result_row_id,
    callid as call_id,
    partyid as party_id,
    irid as ir_id,
    endpointid as routing_point_dbid,
    rtargetruleselected as target_rule_selected,
    rtargetobjectselected as target_object_selected,
    rtargettypeselected as target_type_selected,
    rtargetagentselected as target_agent_selected,
    rtargetplaceselected as target_place_selected,
    rstrategyname as strategy_name,
    result as route_result,
    created_ts as routing_started_ts,
    terminated_ts as routing_ended_ts,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_route_result', [
        'data_source_key', 'id', 'callid', 'partyid', 'irid', 'endpointid',
        'rtargetruleselected', 'rtargetobjectselected', 'rtargettypeselected',
        'rtargetagentselected', 'rtargetplaceselected', 'rstrategyname', 'result', 'created_ts',
        'terminated_ts',
        last_audit_key() ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
