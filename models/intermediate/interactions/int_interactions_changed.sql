{#- The INTERACTION_IDs of the interactions Job_TransformGIM rebuilds this run. -#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

select distinct interaction_id
from {{ ref('int_calls_rooted') }}
