{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='dialing_mode_key'
) }}

{{ fixed_dimension(
    'fixed_dialing_mode',
    'dialing_mode_key',
    [
        'dialing_mode',
        'dialing_mode_code'
    ]
) }}
