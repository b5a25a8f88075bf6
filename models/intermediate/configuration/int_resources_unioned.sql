{#-
    Every configuration object RESOURCE_ describes (persons and DNs), one row per object: when
    several IDBs hold it, the copy that changed last wins.
-#}
with agents as (
    select * from {{ ref('stg_gidb__gc_agent') }}
),

endpoints as (
    select * from {{ ref('stg_gidb__gc_endpoint') }}
),

switches as (
    select * from {{ ref('stg_gidb__gc_switch') }}
),

agent_resources as (
    select
        {{ cfg_type('person') }} as resource_cfg_type_id,
        agent_dbid as resource_cfg_dbid,
        tenant_dbid,
        cast(null as varchar(255)) as switch_name,
        'Agent' as resource_type,
        'AGENT' as resource_type_code,
        'Agent' as resource_subtype,
        username as resource_name,
        first_name as agent_first_name,
        last_name as agent_last_name,
        employee_id,
        created_ts,
        deleted_ts,
        lastchange_ts,
        data_source_key,
        last_audit_key
    from agents
),

endpoint_resources as (
    select
        {{ cfg_type('dn') }} as resource_cfg_type_id,
        endpoints.endpoint_dbid as resource_cfg_dbid,
        endpoints.tenant_dbid,
        switches.switch_name,
        case
            when endpoints.dn_type in (
                    {{ idb_code('endpoint_type', 'ACD_QUEUE') }},
                    {{ idb_code('endpoint_type', 'VIRTUAL_QUEUE') }},
                    {{ idb_code('endpoint_type', 'INTERACTION_QUEUE') }}
                ) then 'Queue'
            when endpoints.dn_type = {{ idb_code('endpoint_type', 'ROUTING_POINT') }}
                then 'RoutingPoint'
            else 'DN'
        end as resource_type,
        case
            when endpoints.dn_type in (
                    {{ idb_code('endpoint_type', 'ACD_QUEUE') }},
                    {{ idb_code('endpoint_type', 'VIRTUAL_QUEUE') }},
                    {{ idb_code('endpoint_type', 'INTERACTION_QUEUE') }}
                ) then 'QUEUE'
            when endpoints.dn_type = {{ idb_code('endpoint_type', 'ROUTING_POINT') }}
                then 'ROUTINGPOINT'
            else 'DN'
        end as resource_type_code,
        case endpoints.dn_type
            when {{ idb_code('endpoint_type', 'ACD_QUEUE') }} then 'ACDQueue'
            when {{ idb_code('endpoint_type', 'VIRTUAL_QUEUE') }} then 'VirtualQueue'
            when {{ idb_code('endpoint_type', 'INTERACTION_QUEUE') }} then 'InteractionQueue'
            when {{ idb_code('endpoint_type', 'ROUTING_POINT') }} then 'RoutingPoint'
            when {{ idb_code('endpoint_type', 'EXTENSION') }} then 'Extension'
            when {{ idb_code('endpoint_type', 'ACD_POSITION') }} then 'ACDPosition'
            else 'Unknown'
        end as resource_subtype,
        endpoints.dn as resource_name,
        cast(null as varchar(64)) as agent_first_name,
        cast(null as varchar(64)) as agent_last_name,
        cast(null as varchar(64)) as employee_id,
        endpoints.created_ts,
        endpoints.deleted_ts,
        endpoints.lastchange_ts,
        endpoints.data_source_key,
        endpoints.last_audit_key
    from endpoints
    left join switches
        on
            endpoints.data_source_key = switches.data_source_key
            and endpoints.switch_dbid = switches.switch_dbid
),

all_resources as (
    select * from agent_resources
    union all
    select * from endpoint_resources
),

ranked as (
    select
        all_resources.*,
        row_number() over (
            partition by all_resources.resource_cfg_type_id, all_resources.resource_cfg_dbid
            order by all_resources.lastchange_ts desc, all_resources.data_source_key desc
        ) as copy_rank
    from all_resources
)

select
    {{ resource_key('resource_cfg_type_id', 'resource_cfg_dbid') }} as resource_key,
    resource_cfg_type_id,
    resource_cfg_dbid,
    tenant_dbid,
    switch_name,
    resource_type,
    resource_type_code,
    resource_subtype,
    resource_name,
    agent_first_name,
    agent_last_name,
    employee_id,
    created_ts,
    deleted_ts,
    last_audit_key
from ranked
where copy_rank = 1
