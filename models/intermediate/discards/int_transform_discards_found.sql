{#-
    The errors of this run (int_transform_errors_found) the [error-policy] options discard, with
    the reason and the keys to find each row again. Job_TransformGIM copies them into
    STG_TRANSFORM_DISCARDS (orchestrator/jobs/transform.py); the facts leave out the sessions and
    interactions they name.
-#}
{{ config(materialized='table') }}

select
    errors.error_category,
    errors.reason_code,
    errors.source_table,
    errors.source_key,
    errors.data_source_key,
    errors.reason,
    errors.record_data,
    errors.interaction_root,
    errors.login_session_id
from {{ ref('int_transform_errors_found') }} as errors
where {{ discarded_by_policy('errors') }}
