{#-
    A fixed dimension loaded from its seed. Incremental: only rows whose key is new or whose values
    changed are written (delete+insert on the key), so re-running Job_InitializeGIM changes nothing
    and rows an administrator added (e.g. a third-party MEDIA_TYPE) are kept.
-#}
{% macro fixed_dimension(seed_name, key_column, value_columns) %}
{%- set audit_key = "cast(" ~ var('audit_key') ~ " as bigint)" -%}
with seed_rows as (
    select * from {{ ref(seed_name) }}
),

{% if is_incremental() %}
current_rows as (
    select * from {{ this }}
),

{% endif %}
final as (
    select
        seed_rows.{{ key_column }},
        {%- for column in value_columns %}
        seed_rows.{{ column }},
        {%- endfor %}
        {%- if is_incremental() %}
        coalesce(current_rows.create_audit_key, {{ audit_key }}) as create_audit_key,
        {%- else %}
        {{ audit_key }} as create_audit_key,
        {%- endif %}
        {{ audit_key }} as update_audit_key
    from seed_rows
    {%- if is_incremental() %}
    left join current_rows on seed_rows.{{ key_column }} = current_rows.{{ key_column }}
    where
        current_rows.{{ key_column }} is null
        {%- for column in value_columns %}
        or {{ values_differ('seed_rows.' ~ column, 'current_rows.' ~ column) }}
        {%- endfor %}
    {%- endif %}
)

select * from final
{% endmacro %}

{#- Null-safe "a differs from b", portable (no IS DISTINCT FROM before SQL Server 2022). -#}
{% macro values_differ(left, right) -%}
    ({{ left }} <> {{ right }} or ({{ left }} is null and {{ right }} is not null)
    or ({{ left }} is not null and {{ right }} is null))
{%- endmacro %}
