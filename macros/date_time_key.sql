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
