{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='media_type_key'
) }}

{{ fixed_dimension(
    'fixed_media_type',
    'media_type_key',
    [
        'media_name',
        'media_name_code',
        'is_online'
    ]
) }}
