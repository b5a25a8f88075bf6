{#- DATE_TIME_KEY of an epoch: the start of its 15-minute UTC interval (null stays null). -#}
{% macro date_time_key(epoch) %}
    ({{ epoch }} - ({{ epoch }} % 900))
{% endmacro %}

{#-
    Seconds of [start, end) in its first and last 15-minute intervals (the original's
    LEAD_CLIP_DURATION and TRAIL_CLIP_DURATION); both are the whole span when it stays in one
    interval, null while it is open.
-#}
{% macro lead_clip(start_ts, end_ts) %}
    case
        when {{ end_ts }} is null then null
        when {{ end_ts }} < {{ date_time_key(start_ts) }} + 900 then {{ end_ts }} - {{ start_ts }}
        else {{ date_time_key(start_ts) }} + 900 - {{ start_ts }}
    end
{% endmacro %}

{% macro trail_clip(start_ts, end_ts) %}
    case
        when {{ end_ts }} is null then null
        when {{ date_time_key(end_ts) }} <= {{ start_ts }} then {{ end_ts }} - {{ start_ts }}
        else {{ end_ts }} - {{ date_time_key(end_ts) }}
    end
{% endmacro %}

{#-
    The select items every span fact shares, from the span [start, end): START_TS, END_TS,
    TOTAL_DURATION, LEAD_CLIP_DURATION, TRAIL_CLIP_DURATION and ACTIVE_FLAG (1 while open).
-#}
{% macro span_measures(start_ts, end_ts) %}
        {{ start_ts }}{{ '' if start_ts.split('.')[-1] == 'start_ts' else ' as start_ts' }},
        {{ end_ts }}{{ '' if end_ts.split('.')[-1] == 'end_ts' else ' as end_ts' }},
        {{ end_ts }} - {{ start_ts }} as total_duration,
        {{ lead_clip(start_ts, end_ts) }} as lead_clip_duration,
        {{ trail_clip(start_ts, end_ts) }} as trail_clip_duration,
        case when {{ end_ts }} is null then 1 else 0 end as active_flag
{%- endmacro %}
