{#-
    The body of a configuration dimension, called with the dimension's own columns as the call
    block (select items over `objects`):

        {% call configuration_dimension('stg_gidb__gc_tenant', 'tenant_dbid', 'tenant_key') %}
            objects.tenant_dbid as tenant_key, ...
        {% endcall %}

    `objects` holds one row per object of the staging model (`dbid_column`): the copy that changed
    last when several IDBs hold it, kept when it was written since the last completed transform.
    Every such dimension adds START_TS and END_TS (the object's creation and deletion), the audit
    keys (CREATE kept from the stored row) and PURGE_FLAG.
-#}
{% macro configuration_dimension(staging, dbid_column, key_column) %}
with ranked as (
    select
        copies.*,
        row_number() over (
            partition by copies.{{ dbid_column }}
            order by copies.lastchange_ts desc, copies.data_source_key desc
        ) as copy_rank
    from {{ ref(staging) }} as copies
),

objects as (
    select * from ranked
    where copy_rank = 1 and {{ changed_since_last_transform() }}
),

current_rows as (
    {{ current_create_audit_keys(key_column) }}
),

final as (
    select
        {{- caller() }}
        objects.created_ts as start_ts,
        objects.deleted_ts as end_ts,
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        0 as purge_flag
    from objects
    left join current_rows on objects.{{ dbid_column }} = current_rows.{{ key_column }}
)

select {{ contract_columns('final') }}
from final
{% endmacro %}
