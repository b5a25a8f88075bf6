{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='contact_info_type_key'
) }}

{{ fixed_dimension(
    'fixed_contact_info_type',
    'contact_info_type_key',
    [
        'contact_info_type',
        'contact_info_type_code'
    ]
) }}
