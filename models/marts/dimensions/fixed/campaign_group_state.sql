{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='campaign_group_state_key'
) }}

{{ fixed_dimension(
    'fixed_campaign_group_state',
    'campaign_group_state_key',
    [
        'campaign_group_state',
        'campaign_group_state_code'
    ]
) }}
