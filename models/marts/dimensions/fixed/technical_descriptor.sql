{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='technical_descriptor_key'
) }}

{{ fixed_dimension(
    'fixed_technical_descriptor',
    'technical_descriptor_key',
    [
        'technical_result',
        'technical_result_code',
        'result_reason',
        'result_reason_code',
        'resource_role',
        'resource_role_code',
        'role_reason',
        'role_reason_code'
    ]
) }}
