{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='record_status_key'
) }}

{{ fixed_dimension(
    'fixed_record_status',
    'record_status_key',
    [
        'record_status',
        'record_status_code'
    ]
) }}
