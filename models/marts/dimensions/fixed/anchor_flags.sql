{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='anchor_flags_key'
) }}

{{ fixed_dimension(
    'fixed_anchor_flags',
    'anchor_flags_key',
    [
        'first_engage_for_agent_ixn',
        'first_engage_for_agent_thrd',
        'first_reply_for_agent_ixn',
        'first_reply_for_agent_thrd',
        'first_engage_for_thrd',
        'customer_left_first'
    ]
) }}
