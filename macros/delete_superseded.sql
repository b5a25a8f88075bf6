{#-
    Post-hook of a fact rebuilt over time ranges rather than by key: this run appended its rows
    (update_audit_key = this run's); delete the older rows they supersede: every older row of a
    rebuilt resource that ends after its rebuilt range starts (`rebuilds`: rebuilt_resource_key,
    rebuilt_from_ts), that is the rows within the range and the one covering its start, whose
    key this run wrote again. Bounded by the earliest range start, the few recent rows are found
    through the END_TS index (earliest_rebuilt_from).
-#}
{% macro delete_superseded(rebuilds) %}
    delete from {{ this }}
    where
        update_audit_key <> {{ run_audit_key() }}
        and (end_ts is null or end_ts > {{ earliest_rebuilt_from(rebuilds) }})
        and exists (
            select rebuilds.rebuilt_resource_key from {{ rebuilds }} as rebuilds
            where
                rebuilds.rebuilt_resource_key = resource_key
                and (end_ts is null or end_ts > rebuilds.rebuilt_from_ts)
        )
{% endmacro %}
