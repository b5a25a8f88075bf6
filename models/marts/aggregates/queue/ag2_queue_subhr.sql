{#-
    Queue measures per 15-minute interval, virtual queue, media and interaction type, from
    MEDIATION_SEGMENT_FACT: each completed queue stay counts in the interval it entered
    (disposition-based), with the agent row it was distributed to for ring and answer times.
-#}
{{ aggregate_config() }}

{{ queue_stays() }}

select
    date_time_key,
    tenant_key,
    resource_key,
    media_type_key,
    interaction_type_key,
    {{ queue_measures() }}
    {{ run_audit_key() }} as create_audit_key,
    {{ run_audit_key() }} as update_audit_key
from measured
group by date_time_key, tenant_key, resource_key, media_type_key, interaction_type_key
