{#-
    Job_TransformGIM's window: GIDB rows whose latest copy's audit key is above the var
    `transform_audit_from` were written since the last completed transform. The orchestrator
    passes 0 (everything) when any transform table has never completed
    (orchestrator/jobs/transform.py), so a new or lost table is built whole.
-#}
{% macro changed_since_last_transform(audit_key_column='last_audit_key') %}
    {{ audit_key_column }} > {{ var('transform_audit_from', 0) }}
{% endmacro %}

{#- The audit key stamped on rows this run writes (CTL_AUDIT_LOG.AUDIT_KEY). -#}
{% macro run_audit_key() %}
    cast({{ var('audit_key') }} as bigint)
{% endmacro %}

{#-
    The rows a rebuilt table already holds, as a CTE body: `columns` of {{ this }}, or no rows
    on a full build (typed as the contract declares), so the model reads the same either way.
-#}
{% macro stored_rows(columns) %}
    {%- if is_incremental() %}
    select {{ columns | join(', ') }}
    from {{ this }}
    {%- else %}
    select
        {%- for column in columns %}
        {%- set declared = model.columns.get(column) %}
        cast(null as {{ (declared.data_type if declared else 'bigint') | lower }}) as {{ column }}
        {{- "," if not loop.last }}
        {%- endfor %}
    where 1 = 0
    {%- endif %}
{% endmacro %}

{#- Each stored row's key and CREATE_AUDIT_KEY, which a row written again keeps. -#}
{% macro current_create_audit_keys(key_column) %}
    {{ stored_rows([key_column, 'create_audit_key']) }}
{% endmacro %}

{#- CREATE_AUDIT_KEY of a rebuilt row: the one it had when first written, else this run's. -#}
{% macro kept_create_audit_key(current_rows='current_rows') %}
    coalesce({{ current_rows }}.create_audit_key, {{ run_audit_key() }})
{% endmacro %}
