{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='record_type_key'
) }}

{{ fixed_dimension(
    'fixed_record_type',
    'record_type_key',
    [
        'record_type',
        'record_type_code'
    ]
) }}
