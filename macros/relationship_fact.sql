{#-
    The body of a configuration relationship fact (RESOURCE_GROUP_FACT_, RESOURCE_SKILL_FACT_,
    PLACE_GROUP_FACT_): one row per membership span of a GCX_ table, from its creation to its
    deletion, called with the fact's own columns as the call block (select items over
    `memberships`):

        {% call relationship_fact('stg_gidb__gcx_group_agent', ['group_dbid', 'agent_dbid'],
                                  'resource_group_fact_key') %}
            ...
        {% endcall %}

    When several IDBs hold the same span (same members, same creation), the copy of the lowest
    data source is kept, so a span is counted once. Every such fact adds its key (from the GIDB
    row), the interval keys, the audit keys, START_TS/END_TS, IDB_ID (the source row's ID),
    ACTIVE_FLAG (1 until the span is deleted, then completed in place) and PURGE_FLAG. The key
    is derived from the staging's `key_row_id` column (its row ID unless told otherwise).
-#}
{% macro relationship_fact(staging, member_columns, key_column, key_row_id='membership_row_id') %}
with ranked as (
    select
        copies.*,
        row_number() over (
            partition by
                {%- for column in member_columns %} copies.{{ column }},{% endfor %}
                copies.created_ts
            order by copies.data_source_key
        ) as copy_rank
    from {{ ref(staging) }} as copies
),

memberships as (
    select
        ranked.*,
        {{ fact_id('ranked.data_source_key', 'ranked.' ~ key_row_id) }} as fact_key
    from ranked
    where ranked.copy_rank = 1 and {{ changed_since_last_transform('ranked.last_audit_key') }}
),

current_rows as (
    {{ current_create_audit_keys(key_column) }}
),

final as (
    select
        memberships.fact_key as {{ key_column }},
        {{ date_time_key('memberships.created_ts') }} as start_date_time_key,
        {{ date_time_key('memberships.deleted_ts') }} as end_date_time_key,
        {{- caller() }}
        {{ kept_create_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key,
        memberships.created_ts as start_ts,
        memberships.deleted_ts as end_ts,
        memberships.membership_row_id as idb_id,
        case when memberships.deleted_ts is null then 1 else 0 end as active_flag,
        0 as purge_flag
    from memberships
    left join current_rows on memberships.fact_key = current_rows.{{ key_column }}
)

select {{ contract_columns('final') }}
from final
{% endmacro %}
