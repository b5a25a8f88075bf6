{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='attempt_disposition_key'
) }}

{{ fixed_dimension(
    'fixed_attempt_disposition',
    'attempt_disposition_key',
    [
        'cause',
        'cause_code',
        'cause_id',
        'descriptor',
        'descriptor_code',
        'descriptor_id'
    ]
) }}
