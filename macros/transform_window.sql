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
    CREATE_AUDIT_KEY of a rebuilt row: the one it had when first written, else this run's.
    `current_rows` is the CTE over {{ this }}; on a full build there is none.
-#}
{% macro kept_create_audit_key(current_rows='current_rows') %}
    {%- if is_incremental() -%}
        coalesce({{ current_rows }}.create_audit_key, {{ run_audit_key() }})
    {%- else -%}
        {{ run_audit_key() }}
    {%- endif -%}
{% endmacro %}
