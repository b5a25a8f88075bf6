{#-
    Post-hook of a fact rebuilt over time ranges rather than by key: this run appended its rows
    (update_audit_key = this run's); delete the older rows they supersede, that is the older copy
    of a key this run wrote again, and any older row of a rebuilt resource that starts within
    the rebuilt range (`rebuilds`: rebuilt_resource_key, rebuilt_from_ts).
-#}
{% macro delete_superseded(key_column, rebuilds) %}
    delete from {{ this }}
    where
        update_audit_key <> {{ run_audit_key() }}
        and (
            {{ key_column }} in (
                select rewritten.{{ key_column }} from {{ this }} as rewritten
                where rewritten.update_audit_key = {{ run_audit_key() }}
            )
            or exists (
                select rebuilds.rebuilt_resource_key from {{ rebuilds }} as rebuilds
                where
                    rebuilds.rebuilt_resource_key = resource_key
                    and rebuilds.rebuilt_from_ts <= start_ts
            )
        )
{% endmacro %}
