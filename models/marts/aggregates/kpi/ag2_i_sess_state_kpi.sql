{#-
    Agent occupancy at every level (AGG_LEVEL SUBHR ... YEAR), from the sums AG2_I_SESS_STATE_*
    store: the share of the agent's available time (ready, busy, after-call work) spent busy or in
    after-call work; null when the agent was never available. AVAILABLE_TIME is its weight.
-#}
{{ config(materialized='view') }}

{% for level, _, _ in aggregate_levels() %}
    select
        '{{ level | upper }}' as agg_level,
        date_time_key,
        tenant_key,
        group_combination_key,
        resource_key,
        media_type_key,
        active_time,
        not_ready_time,
        ready_time + busy_time + wrap_time as available_time,
        case
            when ready_time + busy_time + wrap_time > 0
                then cast(busy_time + wrap_time as float) / (ready_time + busy_time + wrap_time)
        end as occupancy
    from {{ ref('ag2_i_sess_state_' ~ level) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
