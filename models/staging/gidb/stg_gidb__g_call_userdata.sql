select
    data_source_key,
    id as call_userdata_row_id,
    callid as call_id,
    g_customer_segment as customer_segment,
    g_service_type as service_type,
    g_service_subtype as service_subtype,
    g_business_result as business_result,
    customer_id,
    last_audit_key,
    gidb_copy
from (
    {{ gidb_media_union('g_call_userdata', [
        'data_source_key', 'id', 'callid', 'g_customer_segment', 'g_service_type',
        'g_service_subtype', 'g_business_result', 'customer_id',
        last_audit_key(updated=false) ~ ' as last_audit_key'
    ]) }}
) as gidb_rows
