{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='call_result_key'
) }}

{{ fixed_dimension(
    'fixed_call_result',
    'call_result_key',
    [
        'call_result',
        'call_result_code'
    ]
) }}
