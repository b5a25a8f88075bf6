{#-
    Login sessions Job_TransformGIM rebuilds this run: those touched since the last completed
    transform (int_login_sessions_touched), less those the [error-policy] options discard.
-#}
with discarded as (
    select
        data_source_key,
        login_session_id
    from {{ ref('int_transform_discards_found') }}
    where login_session_id is not null
)

select
    touched.data_source_key,
    touched.login_session_id
from {{ ref('int_login_sessions_touched') }} as touched
where not exists (
        select discarded.data_source_key from discarded
        where
            discarded.data_source_key = touched.data_source_key
            and discarded.login_session_id = touched.login_session_id
    )
