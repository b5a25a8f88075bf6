{#-
    A configuration dimension's source rows: one per object (`dbid_column`) of the staging model
    `staging`, the copy that changed last when several IDBs hold it, kept when it was written
    since the last completed transform. A CTE body.
-#}
{% macro latest_config_copy(staging, dbid_column) %}
    select ranked.* from (
        select
            copies.*,
            row_number() over (
                partition by copies.{{ dbid_column }}
                order by copies.lastchange_ts desc, copies.data_source_key desc
            ) as copy_rank
        from {{ ref(staging) }} as copies
    ) as ranked
    where ranked.copy_rank = 1 and {{ changed_since_last_transform('ranked.last_audit_key') }}
{% endmacro %}
