{#-
    The 15-minute intervals Job_AggregateGIM rebuilds this run, with the hour (UTC) and the local
    day, month, quarter and year (DATE_TIME's time zone) each belongs to: every interval a fact
    row written since the last completed aggregation covers (an active row only its first), and
    every interval of the ranges -insertPendingAgg asks for, none older than the newest purge of
    the facts (aggregate_floor_key: what is older may be gone, so its aggregates stay as they
    are). Each aggregate deletes its rows of these periods and builds them again.
-#}
{{ config(post_hook="{{ analyze_table(this) }}") }}

with changed_spans as (
    {%- for fact in aggregated_facts() %}
        select
            {{ date_time_key('start_ts') }} as first_key,
            {{ date_time_key('coalesce(end_ts - 1, start_ts)') }} as last_key
        from {{ ref(fact) }}
        where update_audit_key > {{ var('aggregate_audit_from', 0) }}
        {%- if not loop.last %}
            union
        {%- endif %}
    {%- endfor %}
    {%- for range in var('aggregate_ranges', []) %}
    union
    select
        cast({{ range[0] }} as bigint) as first_key,
        cast({{ range[1] }} - 1 as bigint) as last_key
    {%- endfor %}
),

pending as (
    select distinct calendar.date_time_key
    from {{ ref('date_time') }} as calendar
    inner join changed_spans
        on
            calendar.date_time_key >= changed_spans.first_key
            and calendar.date_time_key <= changed_spans.last_key
    where calendar.date_time_key >= {{ var('aggregate_floor_key', 0) }}
)

select
    calendar.date_time_key as subhr_key,
    calendar.date_time_key - calendar.date_time_key % 3600 as hour_key,
    calendar.date_time_day_key as day_key,
    calendar.date_time_month_key as month_key,
    calendar.date_time_quarter_key as qrtr_key,
    calendar.date_time_year_key as year_key
from {{ ref('date_time') }} as calendar
inner join pending on calendar.date_time_key = pending.date_time_key
