{#-
    SQL Server DATE_TIME rows (see calendar_rows). AT TIME ZONE takes Windows zone names, so on SQL
    Server date-time-tz must be one (e.g. 'Eastern Standard Time'); only simple week numbering is
    implemented here (docs/decisions.md, known limitations).
-#}
{% macro sqlserver__local_midnight_epoch(date_expr, tz) -%}
    datediff_big(second, '1970-01-01',
        cast(cast({{ date_expr }} as datetime2) at time zone '{{ tz }}' at time zone 'UTC' as datetime2))
{%- endmacro %}

{% macro sqlserver__day_in_week(date_expr, first_dow) -%}
    ((datediff(day, '1900-01-07', {{ date_expr }}) % 7 + 1 - {{ first_dow }} + 7) % 7 + 1)
{%- endmacro %}

{% macro sqlserver__calendar_rows(start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing) %}
{%- if not simple_weeks -%}
    {{ exceptions.raise_compiler_error(
        "DATE_TIME on SQL Server supports simple-week-numbering: true only") }}
{%- endif %}
{#- `order by (select null)`: T-SQL's way to number rows in no particular order. #}
with numbers as (
    select top (datediff(day, cast('{{ start_date }}' as date), cast('{{ end_date }}' as date)) + 1)
        row_number() over (order by (select null)) - 1 as n  -- noqa: AL03
    from sys.all_objects as a cross join sys.all_objects as b
),

{# The 92 to 100 quarter hours of a local day (sys.all_objects always holds a few thousand rows). #}
slots as (
    select top (100) row_number() over (order by (select null)) - 1 as n  -- noqa: AL03
    from sys.all_objects
),

bounds as (
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
    select dateadd(day, numbers.n, cast('{{ start_date }}' as date)) as cal_date
    from numbers cross join bounds
    where
        bounds.first_present is null
        or dateadd(day, numbers.n, cast('{{ start_date }}' as date)) < bounds.first_present
        or dateadd(day, numbers.n, cast('{{ start_date }}' as date)) > bounds.last_present
),

weeks as (
    select
        days.cal_date,
        datefromparts(year(days.cal_date), month(days.cal_date), 1) as month_start,
        datefromparts(year(days.cal_date), (datepart(quarter, days.cal_date) - 1) * 3 + 1, 1) as quarter_start,
        datefromparts(year(days.cal_date), 1, 1) as year_start,
        {{ sqlserver__day_in_week('days.cal_date', first_dow) }} as day_num_in_week,
        dateadd(day, 1 - {{ sqlserver__day_in_week('days.cal_date', first_dow) }}, days.cal_date) as full_week_start
    from days
),

week_bounds as (
    select
        weeks.*,
        case when weeks.full_week_start < weeks.year_start then weeks.year_start
            else weeks.full_week_start end as week_start_date,
        case when dateadd(day, 6, weeks.full_week_start) > datefromparts(year(weeks.cal_date), 12, 31)
            then datefromparts(year(weeks.cal_date), 12, 31)
            else dateadd(day, 6, weeks.full_week_start) end as week_end_date,
        year(weeks.cal_date) as week_year,
        (datepart(dayofyear, weeks.cal_date) - 1
            + {{ sqlserver__day_in_week('weeks.year_start', first_dow) }} - 1) / 7 + 1 as week_num_in_year
    from weeks
),

day_keys as (
    select
        week_bounds.*,
        {{ calendar_period_keys('week_bounds', tz) }}
    from week_bounds
),

intervals as (
    select
        day_keys.*,
        day_keys.day_key - day_keys.day_key % 900 + slots.n * 900 as date_time_key
    from day_keys
    inner join slots
        on day_keys.day_key - day_keys.day_key % 900 + slots.n * 900 < day_keys.next_day_key
),

localized as (
    select
        intervals.*,
        dateadd(second, cast(intervals.date_time_key as int), cast('1970-01-01' as datetime2))
        at time zone 'UTC' at time zone '{{ tz }}' as local_start_offset,
        dateadd(second, cast(intervals.date_time_key + 900 as int), cast('1970-01-01' as datetime2))
        at time zone 'UTC' at time zone '{{ tz }}' as local_end_offset
    from intervals
),

calendar_parts as (
    select
        localized.*,
        cast(localized.local_start_offset as datetime2) as local_start,
        cast(localized.local_end_offset as datetime2) as local_end,
        dateadd(
            minute, -(datepart(minute, localized.local_start_offset) % 30),
            cast(localized.local_start_offset as datetime2)
        ) as local_half_hour_start,
        dateadd(
            minute, 30 - datepart(minute, localized.local_start_offset) % 30,
            cast(localized.local_start_offset as datetime2)
        ) as local_half_hour_end,
        datepart(tzoffset, localized.local_start_offset) as utc_offset_minutes,
        datepart(hour, localized.local_start_offset) as hour_24,
        datepart(minute, localized.local_start_offset) as minute_in_hour,
        localized.date_time_key - datepart(minute, localized.local_start_offset) % 30 * 60 as half_hour_key,
        localized.date_time_key - datepart(minute, localized.local_start_offset) * 60 as hour_key,
        eomonth(localized.cal_date) as month_end_date,
        day(localized.cal_date) as day_num_in_month,
        datepart(dayofyear, localized.cal_date) as day_num_in_year,
        month(localized.cal_date) as month_num,
        datepart(quarter, localized.cal_date) as quarter_num,
        year(localized.cal_date) as year_num,
        datediff(day, '1970-01-01', localized.cal_date) as running_day_num,
        datediff(day, '1970-01-01', localized.full_week_start) as week_start_day_num
    from localized
)

{{ calendar_columns('calendar_parts', audit_key) }}
{% endmacro %}
