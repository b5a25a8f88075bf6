{#- PostgreSQL parts of the DATE_TIME calendar (see calendar_rows and calendar_columns). -#}

{#- Day number in week (1..first day of week) of a date expression. -#}
{% macro postgres__day_in_week(date_expr, first_dow) -%}
    ((cast(extract(dow from {{ date_expr }}) as integer) + 1 - {{ first_dow }} + 7) % 7 + 1)
{%- endmacro %}

{#- UTC epoch of local midnight at the start of a date expression. -#}
{% macro postgres__local_midnight_epoch(date_expr, tz) -%}
    cast(extract(epoch from (cast({{ date_expr }} as timestamp) at time zone '{{ tz }}')) as bigint)
{%- endmacro %}

{#- First day of week 1 of the week-year that starts in the year of `jan1_expr` (non-simple weeks). -#}
{% macro postgres__first_week_start(jan1_expr, first_dow, min_days) -%}
    (cast({{ jan1_expr }} as date) - ({{ postgres__day_in_week(jan1_expr, first_dow) }} - 1)
        + case when 8 - {{ postgres__day_in_week(jan1_expr, first_dow) }} < {{ min_days }} then 7 else 0 end)
{%- endmacro %}

{% macro postgres__calendar_rows(start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing) %}
with bounds as (
    {%- if existing is not none %}
    select
        min(present_calendar.cal_date) as first_present,
        max(present_calendar.cal_date) as last_present
    from {{ existing }} as present_calendar
    {%- else %}
    select
        cast(null as date) as first_present,
        cast(null as date) as last_present
    {%- endif %}
),

days as (
    select cast(day_series.day_start as date) as cal_date
    from generate_series(
        cast('{{ start_date }}' as date), cast('{{ end_date }}' as date), interval '1 day'
    ) as day_series (day_start)
    cross join bounds
    where
        bounds.first_present is null
        or cast(day_series.day_start as date) < bounds.first_present
        or cast(day_series.day_start as date) > bounds.last_present
),

day_parts as (
    select
        days.cal_date,
        cast(date_trunc('month', days.cal_date) as date) as month_start,
        cast(date_trunc('quarter', days.cal_date) as date) as quarter_start,
        cast(date_trunc('year', days.cal_date) as date) as year_start,
        {{ postgres__day_in_week('days.cal_date', first_dow) }} as day_num_in_week,
        days.cal_date - ({{ postgres__day_in_week('days.cal_date', first_dow) }} - 1) as full_week_start
    from days
),

weeks as (
    select
        day_parts.*,
        {%- if simple_weeks %}
        greatest(day_parts.full_week_start, day_parts.year_start) as week_start_date,
        least(
            day_parts.full_week_start + 6,
            cast(day_parts.year_start + interval '1 year' - interval '1 day' as date)
        ) as week_end_date,
        cast(extract(year from day_parts.cal_date) as integer) as week_year,
        (
            cast(extract(doy from day_parts.cal_date) as integer) - 1
            + {{ postgres__day_in_week('day_parts.year_start', first_dow) }} - 1
        ) / 7 + 1 as week_num_in_year
        {%- else %}
        day_parts.full_week_start as week_start_date,
        day_parts.full_week_start + 6 as week_end_date,
        week_years.week_year,
        (
            day_parts.full_week_start
            - {{ postgres__first_week_start("make_date(week_years.week_year, 1, 1)", first_dow, min_days) }}
        ) / 7 + 1 as week_num_in_year
        {%- endif %}
    from day_parts
    {%- if not simple_weeks %}
    cross join lateral (
        select
            case
                when day_parts.cal_date < {{ postgres__first_week_start('day_parts.year_start', first_dow, min_days) }}
                    then cast(extract(year from day_parts.cal_date) as integer) - 1
                when day_parts.cal_date >= {{ postgres__first_week_start(
                    "cast(day_parts.year_start + interval '1 year' as date)", first_dow, min_days) }}
                    then cast(extract(year from day_parts.cal_date) as integer) + 1
                else cast(extract(year from day_parts.cal_date) as integer)
            end as week_year
    ) as week_years
    {%- endif %}
),

day_keys as (
    select
        weeks.*,
        {{ calendar_period_keys('weeks', tz) }}
    from weeks
),

intervals as (
    select
        day_keys.*,
        interval_series.date_time_key,
        to_timestamp(interval_series.date_time_key) at time zone '{{ tz }}' as local_start,
        to_timestamp(interval_series.date_time_key + 900) at time zone '{{ tz }}' as local_end
    from day_keys
    cross join lateral generate_series(
        day_keys.day_key - day_keys.day_key % 900, day_keys.next_day_key - 1, 900
    ) as interval_series (date_time_key)
),

interval_parts as (
    select
        intervals.*,
        cast(extract(hour from intervals.local_start) as integer) as hour_24,
        cast(extract(minute from intervals.local_start) as integer) as minute_in_hour,
        intervals.date_time_key
        - cast(extract(minute from intervals.local_start) as integer) % 30 * 60 as half_hour_key,
        intervals.date_time_key
        - cast(extract(minute from intervals.local_start) as integer) * 60 as hour_key,
        cast(extract(epoch from intervals.local_start - to_timestamp(intervals.date_time_key)
            at time zone 'UTC') / 60 as integer) as utc_offset_minutes
    from intervals
),

calendar_parts as (
    select
        interval_parts.*,
        to_timestamp(interval_parts.half_hour_key) at time zone '{{ tz }}' as local_half_hour_start,
        to_timestamp(interval_parts.half_hour_key + 1800) at time zone '{{ tz }}' as local_half_hour_end,
        cast(date_trunc('month', interval_parts.cal_date) + interval '1 month' - interval '1 day' as date)
            as month_end_date,
        cast(extract(day from interval_parts.cal_date) as integer) as day_num_in_month,
        cast(extract(doy from interval_parts.cal_date) as integer) as day_num_in_year,
        cast(extract(month from interval_parts.cal_date) as integer) as month_num,
        cast(extract(quarter from interval_parts.cal_date) as integer) as quarter_num,
        cast(extract(year from interval_parts.cal_date) as integer) as year_num,
        interval_parts.cal_date - date '1970-01-01' as running_day_num,
        interval_parts.full_week_start - date '1970-01-01' as week_start_day_num
    from interval_parts
)

{{ calendar_columns('calendar_parts', audit_key) }}
{% endmacro %}
