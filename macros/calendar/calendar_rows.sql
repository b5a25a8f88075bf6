{#-
    Rows of the DATE_TIME calendar: one per 15-minute UTC interval of each local day from
    start_date to end_date (inclusive) in time zone `tz`. When `existing` is given, only days before
    its first or after its last CAL_DATE are produced (the calendar grows at either end).
    Week rules: `first_dow` (1 = Sunday ... 7 = Saturday); with `simple_weeks`, week 1 starts on
    1 January and the first and last weeks may be short; otherwise week 1 is the first week holding
    at least `min_days` days of the year (week-year may differ from the calendar year).
-#}
{% macro calendar_rows(start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing=none) %}
    {{ return(adapter.dispatch('calendar_rows', 'infomart')(
        start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing)) }}
{% endmacro %}

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
        min(existing.cal_date) as first_present,
        max(existing.cal_date) as last_present
    from {{ existing }} as existing
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
        {{ postgres__local_midnight_epoch('weeks.cal_date', tz) }} as day_key,
        {{ postgres__local_midnight_epoch('weeks.cal_date + 1', tz) }} as next_day_key,
        {{ postgres__local_midnight_epoch('weeks.week_start_date', tz) }} as week_key,
        {{ postgres__local_midnight_epoch('weeks.week_end_date + 1', tz) }} as next_week_key,
        {{ postgres__local_midnight_epoch('weeks.month_start', tz) }} as month_key,
        {{ postgres__local_midnight_epoch("weeks.month_start + interval '1 month'", tz) }} as next_month_key,
        {{ postgres__local_midnight_epoch('weeks.quarter_start', tz) }} as quarter_key,
        {{ postgres__local_midnight_epoch("weeks.quarter_start + interval '3 months'", tz) }} as next_quarter_key,
        {{ postgres__local_midnight_epoch('weeks.year_start', tz) }} as year_key,
        {{ postgres__local_midnight_epoch("weeks.year_start + interval '1 year'", tz) }} as next_year_key
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

labelled as (
    select
        interval_parts.*,
        to_timestamp(interval_parts.half_hour_key) at time zone '{{ tz }}' as local_half_hour_start,
        to_timestamp(interval_parts.half_hour_key + 1800) at time zone '{{ tz }}' as local_half_hour_end
    from interval_parts
)

select
    labelled.date_time_key,
    labelled.half_hour_key as date_time_30min_key,
    labelled.hour_key as date_time_hour_key,
    labelled.day_key as date_time_day_key,
    labelled.week_key as date_time_week_key,
    labelled.month_key as date_time_month_key,
    labelled.quarter_key as date_time_quarter_key,
    labelled.year_key as date_time_year_key,
    labelled.date_time_key + 900 as date_time_next_key,
    labelled.half_hour_key + 1800 as date_time_next_30min_key,
    labelled.hour_key + 3600 as date_time_next_hour_key,
    labelled.next_day_key as date_time_next_day_key,
    labelled.next_week_key as date_time_next_week_key,
    labelled.next_month_key as date_time_next_month_key,
    labelled.next_quarter_key as date_time_next_quarter_key,
    labelled.next_year_key as date_time_next_year_key,
    cast({{ audit_key }} as bigint) as create_audit_key,
    cast({{ audit_key }} as bigint) as update_audit_key,
    labelled.cal_date,
    trim(to_char(labelled.cal_date, 'Day')) as cal_day_name,
    trim(to_char(labelled.cal_date, 'Month')) as cal_month_name,
    labelled.day_num_in_week as cal_day_num_in_week,
    cast(extract(day from labelled.cal_date) as integer) as cal_day_num_in_month,
    cast(extract(doy from labelled.cal_date) as integer) as cal_day_num_in_year,
    case when labelled.cal_date = labelled.week_end_date then 1 else 0 end as cal_last_day_in_week,
    case
        when labelled.cal_date = cast(labelled.month_start + interval '1 month' - interval '1 day' as date)
            then 1
        else 0
    end as cal_last_day_in_month,
    labelled.week_num_in_year as cal_week_num_in_year,
    labelled.week_year,
    labelled.week_start_date as cal_week_start_date,
    labelled.week_end_date as cal_week_end_date,
    cast(extract(month from labelled.cal_date) as integer) as cal_month_num_in_year,
    cast(extract(quarter from labelled.cal_date) as integer) as cal_quarter_num_in_year,
    case when extract(month from labelled.cal_date) <= 6 then 1 else 2 end as cal_half_num_in_year,
    cast(extract(year from labelled.cal_date) as integer) as cal_year_num,
    (labelled.hour_24 + 11) % 12 + 1 as cal_hour_num_in_day,
    labelled.hour_24 as cal_hour_24_num_in_day,
    labelled.minute_in_hour as cal_minute_num_in_hour,
    labelled.minute_in_hour / 30 * 30 as cal_30minute_num_in_hour,
    to_char(labelled.cal_date, 'YYYY') as label_yyyy,
    to_char(labelled.cal_date, 'YYYY') || '-Q' || to_char(labelled.cal_date, 'Q') as label_yyyy_qq,
    to_char(labelled.cal_date, 'YYYY-MM') as label_yyyy_mm,
    labelled.week_year || '-W' || lpad(cast(labelled.week_num_in_year as varchar), 2, '0') as label_yyyy_we,
    labelled.week_year || '-W' || lpad(cast(labelled.week_num_in_year as varchar), 2, '0')
    || '-' || labelled.day_num_in_week as label_yyyy_we_d,
    to_char(labelled.cal_date, 'YYYY-MM-DD') as label_yyyy_mm_dd,
    to_char(labelled.local_start, 'YYYY-MM-DD HH12 AM') as label_yyyy_mm_dd_hh,
    to_char(labelled.local_start, 'YYYY-MM-DD HH24') as label_yyyy_mm_dd_hh24,
    to_char(labelled.local_half_hour_start, 'YYYY-MM-DD HH12:MI AM') as label_yyyy_mm_dd_hh_30mi,
    to_char(labelled.local_half_hour_start, 'YYYY-MM-DD HH24:MI') as label_yyyy_mm_dd_hh24_30mi,
    to_char(labelled.local_start, 'YYYY-MM-DD HH12:MI AM') as label_yyyy_mm_dd_hh_mi,
    to_char(labelled.local_start, 'YYYY-MM-DD HH24:MI') as label_yyyy_mm_dd_hh24_mi,
    to_char(labelled.local_start, 'YYYY-MM-DD HH12:MI AM')
    || '-' || to_char(labelled.local_end, 'HH12:MI AM') as label_yyyy_mm_dd_hh_15int,
    to_char(labelled.local_start, 'YYYY-MM-DD HH24:MI')
    || '-' || to_char(labelled.local_end, 'HH24:MI') as label_yyyy_mm_dd_hh24_15int,
    to_char(labelled.local_half_hour_start, 'YYYY-MM-DD HH12:MI AM')
    || '-' || to_char(labelled.local_half_hour_end, 'HH12:MI AM') as label_yyyy_mm_dd_hh_30int,
    to_char(labelled.local_half_hour_start, 'YYYY-MM-DD HH24:MI')
    || '-' || to_char(labelled.local_half_hour_end, 'HH24:MI') as label_yyyy_mm_dd_hh24_30int,
    'Q' || to_char(labelled.cal_date, 'Q') as label_qq,
    to_char(labelled.cal_date, 'MM') as label_mm,
    'W' || lpad(cast(labelled.week_num_in_year as varchar), 2, '0') as label_we,
    to_char(labelled.cal_date, 'DD') as label_dd,
    to_char(labelled.local_start, 'HH12') as label_hh,
    to_char(labelled.local_start, 'HH24') as label_hh24,
    to_char(labelled.local_half_hour_start, 'MI') as label_30mi,
    to_char(labelled.local_start, 'MI') as label_mi,
    case when labelled.utc_offset_minutes < 0 then '-' else '+' end
    || lpad(cast(abs(labelled.utc_offset_minutes) / 60 as varchar), 2, '0') || ':'
    || lpad(cast(abs(labelled.utc_offset_minutes) % 60 as varchar), 2, '0') as label_tz,
    to_char(labelled.local_start, 'AM') as ampm_indicator,
    cast(extract(year from labelled.cal_date) as integer) - 1970 as running_year_num,
    (cast(extract(year from labelled.cal_date) as integer) - 1970) * 4
    + cast(extract(quarter from labelled.cal_date) as integer) - 1 as running_quarter_num,
    (cast(extract(year from labelled.cal_date) as integer) - 1970) * 12
    + cast(extract(month from labelled.cal_date) as integer) - 1 as running_month_num,
    cast(floor((labelled.full_week_start - date '1970-01-01') / 7.0) as integer) as running_week_num,
    labelled.cal_date - date '1970-01-01' as running_day_num,
    (labelled.hour_key - labelled.hour_key % 3600) / 3600 as running_hour_num,
    (labelled.half_hour_key - labelled.half_hour_key % 1800) / 1800 as running_30min_num
from labelled
{% endmacro %}
