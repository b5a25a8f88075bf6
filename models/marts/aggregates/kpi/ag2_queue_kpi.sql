{#-
    Queue ratios at every level (AGG_LEVEL SUBHR ... YEAR), from the sums AG2_QUEUE_* store:
    service level (answered within ACCEPTED_THR's threshold, of the stays answered or abandoned,
    short abandons left out), average speed of answer and handle time (seconds per answer) and
    abandon rate (of the stays entered). A ratio with nothing to divide by is null. Each ratio's
    weight is a column (ACCEPTED, SERVICE_LEVEL_BASE, ENTERED), so a report can roll it up.
-#}
{{ config(materialized='view') }}

{% for level, _, _ in aggregate_levels() %}
    select
        '{{ level | upper }}' as agg_level,
        date_time_key,
        tenant_key,
        resource_key,
        media_type_key,
        interaction_type_key,
        entered,
        accepted,
        abandoned,
        accepted + abandoned - abandoned_short as service_level_base,
        case
            when accepted + abandoned - abandoned_short > 0
                then cast(accepted_thr as float) / (accepted + abandoned - abandoned_short)
        end as service_level,
        case
            when accepted > 0 then cast(accepted_time as float) / accepted
        end as average_speed_of_answer,
        case
            when accepted > 0 then cast(handle_time as float) / accepted
        end as average_handle_time,
        case
            when entered > 0 then cast(abandoned as float) / entered
        end as abandon_rate
    from {{ ref('ag2_queue_' ~ level) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
