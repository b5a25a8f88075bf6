{#-
    Every membership of a resource in a group: agents in agent groups (GCX_GROUP_AGENT) and DNs
    in DN groups (GCX_GROUP_ENDPOINT), with the member's RESOURCE_KEY. Both tables number their
    rows from 1, so a DN membership's fact key is derived from its ID plus dn_membership_offset
    (fact_row_id): an agent membership's key is what it was before DN groups were read.
-#}
{{ config(materialized='view') }}

{%- set dn_membership_offset = 500000000000 %}

select
    data_source_key,
    membership_row_id,
    membership_row_id as fact_row_id,
    group_dbid,
    {{ resource_key(cfg_type('person'), 'agent_dbid') }} as resource_key,
    {{ cfg_type('person') }} as resource_cfg_type_id,
    created_ts,
    deleted_ts,
    create_audit_key,
    last_audit_key
from {{ ref('stg_gidb__gcx_group_agent') }}
union all
select
    data_source_key,
    membership_row_id,
    membership_row_id + {{ dn_membership_offset }} as fact_row_id,
    group_dbid,
    {{ resource_key(cfg_type('dn'), 'endpoint_dbid') }} as resource_key,
    {{ cfg_type('dn') }} as resource_cfg_type_id,
    created_ts,
    deleted_ts,
    create_audit_key,
    last_audit_key
from {{ ref('stg_gidb__gcx_group_endpoint') }}
