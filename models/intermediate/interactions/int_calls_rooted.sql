{#-
    Every call of the interactions rebuilt this run (int_interaction_roots_changed, less those the
    [error-policy] options discard), with the interaction it belongs to. The merge gave every call
    of one customer interaction the same ROOTIRID; INTERACTION_ID is derived from it
    (interaction_id_of_group).
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

with calls as (
    select calls.*
    from {{ ref('stg_gidb__g_call') }} as calls
    inner join {{ ref('int_interaction_roots_changed') }} as changed
        on {{ interaction_root('calls') }} = changed.interaction_root
    where not exists (
            select discarded.interaction_root
            from {{ ref('int_transform_discards_found') }} as discarded
            where discarded.interaction_root = changed.interaction_root
        )
),

keyed as (
    select
        calls.*,
        {{ interaction_root('calls') }} as interaction_root,
        {{ fact_id('calls.data_source_key', 'calls.call_row_id') }} as call_key
    from calls
),

roots as (
    select
        {{ interaction_root('calls') }} as interaction_root,
        {{ interaction_id_of_group('calls') }} as interaction_id
    from calls
    group by {{ interaction_root('calls') }}
)

select
    keyed.data_source_key,
    keyed.call_row_id,
    keyed.call_id,
    keyed.parent_call_id,
    keyed.merge_call_id,
    keyed.merge_type,
    keyed.ir_id,
    keyed.root_ir_id,
    keyed.conn_id_number,
    keyed.call_state,
    keyed.call_type,
    keyed.media_type,
    keyed.switch_dbid,
    keyed.tenant_dbid,
    keyed.ani,
    keyed.dnis,
    keyed.created_ts,
    keyed.terminated_ts,
    keyed.last_audit_key,
    keyed.gidb_copy,
    keyed.interaction_root,
    keyed.call_key,
    roots.interaction_id
from keyed
inner join roots on keyed.interaction_root = roots.interaction_root
