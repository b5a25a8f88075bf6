{#-
    Source freshness of a GIDB table: when Job_ExtractICON last copied rows into it (the
    CTL_AUDIT_LOG.INSERTED time of the newest audit key its rows carry). A table that never
    received a row (no multimedia, say) is as fresh as extraction: its newest chunk of any table.
-#}
{% macro gidb_loaded_at(relation) %}
    {%- set audit_log = relation.schema ~ '.ctl_audit_log' -%}
    select
        coalesce(
            max(audit.inserted),
            (
                select max(chunks.inserted) as newest_chunk
                from {{ audit_log }} as chunks
                where chunks.data_source_key is not null
            )
        ) as loaded_at
    from {{ audit_log }} as audit
    where audit.audit_key = (
        select max(copied.create_audit_key) as newest_audit_key from {{ relation }} as copied
    )
{% endmacro %}
