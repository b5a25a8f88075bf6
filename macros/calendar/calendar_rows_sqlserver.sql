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
with numbers as (
    select top (datediff(day, cast('{{ start_date }}' as date), cast('{{ end_date }}' as date)) + 1)
        row_number() over (order by (select null)) - 1 as n
    from sys.all_objects as a cross join sys.all_objects as b
),

bounds as (
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
        {{ sqlserver__local_midnight_epoch('week_bounds.cal_date', tz) }} as day_key,
        {{ sqlserver__local_midnight_epoch('dateadd(day, 1, week_bounds.cal_date)', tz) }} as next_day_key,
        {{ sqlserver__local_midnight_epoch('week_bounds.week_start_date', tz) }} as week_key,
        {{ sqlserver__local_midnight_epoch('dateadd(day, 1, week_bounds.week_end_date)', tz) }} as next_week_key,
        {{ sqlserver__local_midnight_epoch('week_bounds.month_start', tz) }} as month_key,
        {{ sqlserver__local_midnight_epoch('dateadd(month, 1, week_bounds.month_start)', tz) }} as next_month_key,
        {{ sqlserver__local_midnight_epoch('week_bounds.quarter_start', tz) }} as quarter_key,
        {{ sqlserver__local_midnight_epoch('dateadd(month, 3, week_bounds.quarter_start)', tz) }} as next_quarter_key,
        {{ sqlserver__local_midnight_epoch('week_bounds.year_start', tz) }} as year_key,
        {{ sqlserver__local_midnight_epoch('dateadd(year, 1, week_bounds.year_start)', tz) }} as next_year_key
    from week_bounds
),

intervals as (
    select
        day_keys.*,
        day_keys.day_key - day_keys.day_key % 900 + slots.n * 900 as date_time_key
    from day_keys
    inner join (select top (100) n from numbers order by n) as slots
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

labelled as (
    select
        localized.*,
        cast(localized.local_start_offset as datetime2) as local_start,
        cast(localized.local_end_offset as datetime2) as local_end,
        datepart(tzoffset, localized.local_start_offset) as utc_offset_minutes,
        datepart(hour, localized.local_start_offset) as hour_24,
        datepart(minute, localized.local_start_offset) as minute_in_hour,
        localized.date_time_key - datepart(minute, localized.local_start_offset) % 30 * 60 as half_hour_key,
        localized.date_time_key - datepart(minute, localized.local_start_offset) * 60 as hour_key
    from localized
),

half_hours as (
    select
        labelled.*,
        dateadd(minute, -(labelled.minute_in_hour % 30), labelled.local_start) as local_half_hour_start,
        dateadd(minute, 30 - labelled.minute_in_hour % 30, labelled.local_start) as local_half_hour_end
    from labelled
)

select
    half_hours.date_time_key,
    half_hours.half_hour_key as date_time_30min_key,
    half_hours.hour_key as date_time_hour_key,
    half_hours.day_key as date_time_day_key,
    half_hours.week_key as date_time_week_key,
    half_hours.month_key as date_time_month_key,
    half_hours.quarter_key as date_time_quarter_key,
    half_hours.year_key as date_time_year_key,
    half_hours.date_time_key + 900 as date_time_next_key,
    half_hours.half_hour_key + 1800 as date_time_next_30min_key,
    half_hours.hour_key + 3600 as date_time_next_hour_key,
    half_hours.next_day_key as date_time_next_day_key,
    half_hours.next_week_key as date_time_next_week_key,
    half_hours.next_month_key as date_time_next_month_key,
    half_hours.next_quarter_key as date_time_next_quarter_key,
    half_hours.next_year_key as date_time_next_year_key,
    cast({{ audit_key }} as bigint) as create_audit_key,
    cast({{ audit_key }} as bigint) as update_audit_key,
    half_hours.cal_date,
    format(half_hours.cal_date, 'dddd', 'en-US') as cal_day_name,
    format(half_hours.cal_date, 'MMMM', 'en-US') as cal_month_name,
    half_hours.day_num_in_week as cal_day_num_in_week,
    day(half_hours.cal_date) as cal_day_num_in_month,
    datepart(dayofyear, half_hours.cal_date) as cal_day_num_in_year,
    case when half_hours.cal_date = half_hours.week_end_date then 1 else 0 end as cal_last_day_in_week,
    case when half_hours.cal_date = eomonth(half_hours.cal_date) then 1 else 0 end as cal_last_day_in_month,
    half_hours.week_num_in_year as cal_week_num_in_year,
    half_hours.week_year,
    half_hours.week_start_date as cal_week_start_date,
    half_hours.week_end_date as cal_week_end_date,
    month(half_hours.cal_date) as cal_month_num_in_year,
    datepart(quarter, half_hours.cal_date) as cal_quarter_num_in_year,
    case when month(half_hours.cal_date) <= 6 then 1 else 2 end as cal_half_num_in_year,
    year(half_hours.cal_date) as cal_year_num,
    (half_hours.hour_24 + 11) % 12 + 1 as cal_hour_num_in_day,
    half_hours.hour_24 as cal_hour_24_num_in_day,
    half_hours.minute_in_hour as cal_minute_num_in_hour,
    half_hours.minute_in_hour / 30 * 30 as cal_30minute_num_in_hour,
    format(half_hours.cal_date, 'yyyy') as label_yyyy,
    format(half_hours.cal_date, 'yyyy') + '-Q' + cast(datepart(quarter, half_hours.cal_date) as varchar(1)) as label_yyyy_qq,
    format(half_hours.cal_date, 'yyyy-MM') as label_yyyy_mm,
    cast(half_hours.week_year as varchar(4)) + '-W' + right('0' + cast(half_hours.week_num_in_year as varchar(2)), 2) as label_yyyy_we,
    cast(half_hours.week_year as varchar(4)) + '-W' + right('0' + cast(half_hours.week_num_in_year as varchar(2)), 2)
    + '-' + cast(half_hours.day_num_in_week as varchar(1)) as label_yyyy_we_d,
    format(half_hours.cal_date, 'yyyy-MM-dd') as label_yyyy_mm_dd,
    format(half_hours.local_start, 'yyyy-MM-dd hh tt', 'en-US') as label_yyyy_mm_dd_hh,
    format(half_hours.local_start, 'yyyy-MM-dd HH') as label_yyyy_mm_dd_hh24,
    format(half_hours.local_half_hour_start, 'yyyy-MM-dd hh:mm tt', 'en-US') as label_yyyy_mm_dd_hh_30mi,
    format(half_hours.local_half_hour_start, 'yyyy-MM-dd HH:mm') as label_yyyy_mm_dd_hh24_30mi,
    format(half_hours.local_start, 'yyyy-MM-dd hh:mm tt', 'en-US') as label_yyyy_mm_dd_hh_mi,
    format(half_hours.local_start, 'yyyy-MM-dd HH:mm') as label_yyyy_mm_dd_hh24_mi,
    format(half_hours.local_start, 'yyyy-MM-dd hh:mm tt', 'en-US')
    + '-' + format(half_hours.local_end, 'hh:mm tt', 'en-US') as label_yyyy_mm_dd_hh_15int,
    format(half_hours.local_start, 'yyyy-MM-dd HH:mm') + '-' + format(half_hours.local_end, 'HH:mm') as label_yyyy_mm_dd_hh24_15int,
    format(half_hours.local_half_hour_start, 'yyyy-MM-dd hh:mm tt', 'en-US')
    + '-' + format(half_hours.local_half_hour_end, 'hh:mm tt', 'en-US') as label_yyyy_mm_dd_hh_30int,
    format(half_hours.local_half_hour_start, 'yyyy-MM-dd HH:mm')
    + '-' + format(half_hours.local_half_hour_end, 'HH:mm') as label_yyyy_mm_dd_hh24_30int,
    'Q' + cast(datepart(quarter, half_hours.cal_date) as varchar(1)) as label_qq,
    format(half_hours.cal_date, 'MM') as label_mm,
    'W' + right('0' + cast(half_hours.week_num_in_year as varchar(2)), 2) as label_we,
    format(half_hours.cal_date, 'dd') as label_dd,
    format(half_hours.local_start, 'hh') as label_hh,
    format(half_hours.local_start, 'HH') as label_hh24,
    format(half_hours.local_half_hour_start, 'mm') as label_30mi,
    format(half_hours.local_start, 'mm') as label_mi,
    case when half_hours.utc_offset_minutes < 0 then '-' else '+' end
    + right('0' + cast(abs(half_hours.utc_offset_minutes) / 60 as varchar(2)), 2) + ':'
    + right('0' + cast(abs(half_hours.utc_offset_minutes) % 60 as varchar(2)), 2) as label_tz,
    format(half_hours.local_start, 'tt', 'en-US') as ampm_indicator,
    year(half_hours.cal_date) - 1970 as running_year_num,
    (year(half_hours.cal_date) - 1970) * 4 + datepart(quarter, half_hours.cal_date) - 1 as running_quarter_num,
    (year(half_hours.cal_date) - 1970) * 12 + month(half_hours.cal_date) - 1 as running_month_num,
    cast(floor(datediff(day, '1970-01-01', half_hours.full_week_start) / 7.0) as int) as running_week_num,
    datediff(day, '1970-01-01', half_hours.cal_date) as running_day_num,
    (half_hours.hour_key - half_hours.hour_key % 3600) / 3600 as running_hour_num,
    (half_hours.half_hour_key - half_hours.half_hour_key % 1800) / 1800 as running_30min_num
from half_hours
{% endmacro %}
