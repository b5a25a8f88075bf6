select
    data_source_key,
    id as membership_row_id,
    agentid as agent_dbid,
    skillid as skill_dbid,
    slevel as skill_level,
    created_ts,
    deleted_ts,
    {{ last_audit_key() }} as last_audit_key
from {{ source('gidb', 'gidb_gcx_skill_level') }}
