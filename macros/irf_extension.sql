{#-
    An INTERACTION_RESOURCE_FACT extension table (IRF_USER_DATA_*): one row per agent row rebuilt
    this run, keyed by its INTERACTION_RESOURCE_ID, with START_DATE_TIME_KEY, TENANT_KEY, the
    `columns` of int_agent_parties_user_data, and audit keys (a row written again keeps its
    CREATE_AUDIT_KEY).
-#}
{% macro irf_extension(columns) %}
    with parties as (
        select parties.*
        from {{ ref('int_agent_parties_user_data') }} as parties
        inner join {{ ref('int_interactions_changed') }} as changed
            on parties.interaction_id = changed.interaction_id
    ),

    current_rows as (
        {{ current_create_audit_keys('interaction_resource_id') }}
    ),

    final as (
        select
            {{ fact_id('parties.data_source_key', 'parties.party_row_id') }}
                as interaction_resource_id,
            {{ date_time_key('parties.created_ts') }} as start_date_time_key,
            parties.tenant_dbid as tenant_key,
            {%- for column in columns %}
                parties.{{ column }},
            {%- endfor %}
            {{ kept_create_audit_key() }} as create_audit_key,
            {{ run_audit_key() }} as update_audit_key
        from parties
        left join current_rows
            on
                {{ fact_id('parties.data_source_key', 'parties.party_row_id') }}
                = current_rows.interaction_resource_id
    )

    select {{ contract_columns('final') }}
    from final
{% endmacro %}
