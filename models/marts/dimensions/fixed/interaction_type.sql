{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='interaction_type_key'
) }}

{{ fixed_dimension(
    'fixed_interaction_type',
    'interaction_type_key',
    [
        'interaction_type',
        'interaction_type_code',
        'interaction_subtype',
        'interaction_subtype_code',
        'ignore'
    ]
) }}
