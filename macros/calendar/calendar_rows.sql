{#-
    Rows of the DATE_TIME calendar: one per 15-minute UTC interval of each local day from
    start_date to end_date (inclusive) in time zone `tz`. When `existing` is given, only days before
    its first or after its last CAL_DATE are produced (the calendar grows at either end).
    Week rules: `first_dow` (1 = Sunday ... 7 = Saturday); with `simple_weeks`, week 1 starts on
    1 January and the first and last weeks may be short; otherwise week 1 is the first week holding
    at least `min_days` days of the year (week-year may differ from the calendar year).

    Each adapter builds the primitive parts of every interval (date arithmetic and time zones differ
    too much to share); the public columns, their labels and their types come from calendar_columns,
    one list for every adapter.
-#}
{% macro calendar_rows(start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing=none) %}
    {{ return(adapter.dispatch('calendar_rows', 'infomart')(
        start_date, end_date, tz, first_dow, min_days, simple_weeks, audit_key, existing)) }}
{% endmacro %}

{#- UTC epoch of local midnight at the start of a date expression, in time zone `tz`. -#}
{% macro local_midnight_epoch(date_expr, tz) %}
    {{ return(adapter.dispatch('local_midnight_epoch', 'infomart')(date_expr, tz)) }}
{% endmacro %}

{#-
    The period keys of each day in `source` (which holds cal_date, week_start_date, week_end_date,
    month_start, quarter_start and year_start): the UTC epoch of the local start of its day, week,
    month, quarter and year, and of the next one.
-#}
{% macro calendar_period_keys(source, tz) -%}
    {%- set periods = [
        ('day', 'cal_date', dbt.dateadd('day', 1, source ~ '.cal_date')),
        ('week', 'week_start_date', dbt.dateadd('day', 1, source ~ '.week_end_date')),
        ('month', 'month_start', dbt.dateadd('month', 1, source ~ '.month_start')),
        ('quarter', 'quarter_start', dbt.dateadd('month', 3, source ~ '.quarter_start')),
        ('year', 'year_start', dbt.dateadd('year', 1, source ~ '.year_start')),
    ] -%}
    {%- for period, start, next_start in periods %}
        {{ local_midnight_epoch(source ~ '.' ~ start, tz) }} as {{ period }}_key,
        {{ local_midnight_epoch(next_start | trim, tz) }} as next_{{ period }}_key
        {{- "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#-
    The DATE_TIME columns, in the original's order, from a relation `parts` that holds per interval:
    the keys (date_time_key, half_hour_key, hour_key, day_key, week_key, month_key, quarter_key,
    year_key and next_day_key ... next_year_key, all UTC epoch seconds), cal_date, week_start_date,
    week_end_date, month_end_date, week_year, week_num_in_year, day_num_in_week, day_num_in_month,
    day_num_in_year, month_num, quarter_num, year_num, hour_24, minute_in_hour, utc_offset_minutes,
    running_day_num, week_start_day_num (days since 1970-01-01 of the full week's first day) and the
    local timestamps local_start, local_end, local_half_hour_start, local_half_hour_end.
    Types match the contract in _dimensions__models.yml.
-#}
{% macro calendar_columns(parts, audit_key) %}
{%- set long_label = 'varchar(32)' -%}
{%- set short_label = 'varchar(8)' -%}
{%- set week_label = dbt.concat([
    'cast(' ~ parts ~ '.week_year as varchar(4))', "'-W'", zero_pad(parts ~ '.week_num_in_year', 2)
]) -%}
select
    cast({{ parts }}.date_time_key as bigint) as date_time_key,
    cast({{ parts }}.half_hour_key as bigint) as date_time_30min_key,
    cast({{ parts }}.hour_key as bigint) as date_time_hour_key,
    cast({{ parts }}.day_key as bigint) as date_time_day_key,
    cast({{ parts }}.week_key as bigint) as date_time_week_key,
    cast({{ parts }}.month_key as bigint) as date_time_month_key,
    cast({{ parts }}.quarter_key as bigint) as date_time_quarter_key,
    cast({{ parts }}.year_key as bigint) as date_time_year_key,
    cast({{ parts }}.date_time_key + 900 as bigint) as date_time_next_key,
    cast({{ parts }}.half_hour_key + 1800 as bigint) as date_time_next_30min_key,
    cast({{ parts }}.hour_key + 3600 as bigint) as date_time_next_hour_key,
    cast({{ parts }}.next_day_key as bigint) as date_time_next_day_key,
    cast({{ parts }}.next_week_key as bigint) as date_time_next_week_key,
    cast({{ parts }}.next_month_key as bigint) as date_time_next_month_key,
    cast({{ parts }}.next_quarter_key as bigint) as date_time_next_quarter_key,
    cast({{ parts }}.next_year_key as bigint) as date_time_next_year_key,
    cast({{ audit_key }} as bigint) as create_audit_key,
    cast({{ audit_key }} as bigint) as update_audit_key,
    {{ parts }}.cal_date,
    cast({{ calendar_label(parts ~ '.cal_date', 'Day') }} as varchar(16)) as cal_day_name,
    cast({{ calendar_label(parts ~ '.cal_date', 'Month') }} as varchar(16)) as cal_month_name,
    cast({{ parts }}.day_num_in_week as integer) as cal_day_num_in_week,
    cast({{ parts }}.day_num_in_month as integer) as cal_day_num_in_month,
    cast({{ parts }}.day_num_in_year as integer) as cal_day_num_in_year,
    case when {{ parts }}.cal_date = {{ parts }}.week_end_date then 1 else 0 end as cal_last_day_in_week,
    case when {{ parts }}.cal_date = {{ parts }}.month_end_date then 1 else 0 end as cal_last_day_in_month,
    cast({{ parts }}.week_num_in_year as integer) as cal_week_num_in_year,
    cast({{ parts }}.week_year as integer) as week_year,
    {{ parts }}.week_start_date as cal_week_start_date,
    {{ parts }}.week_end_date as cal_week_end_date,
    cast({{ parts }}.month_num as integer) as cal_month_num_in_year,
    cast({{ parts }}.quarter_num as integer) as cal_quarter_num_in_year,
    case when {{ parts }}.month_num <= 6 then 1 else 2 end as cal_half_num_in_year,
    cast({{ parts }}.year_num as integer) as cal_year_num,
    cast(({{ parts }}.hour_24 + 11) % 12 + 1 as integer) as cal_hour_num_in_day,
    cast({{ parts }}.hour_24 as integer) as cal_hour_24_num_in_day,
    cast({{ parts }}.minute_in_hour as integer) as cal_minute_num_in_hour,
    cast({{ parts }}.minute_in_hour / 30 * 30 as integer) as cal_30minute_num_in_hour,
    cast({{ calendar_label(parts ~ '.cal_date', 'YYYY') }} as {{ short_label }}) as label_yyyy,
    cast({{ dbt.concat([
        calendar_label(parts ~ '.cal_date', 'YYYY'), "'-Q'", 'cast(' ~ parts ~ '.quarter_num as varchar(1))'
    ]) }} as {{ short_label }}) as label_yyyy_qq,
    cast({{ calendar_label(parts ~ '.cal_date', 'YYYY-MM') }} as {{ short_label }}) as label_yyyy_mm,
    cast({{ week_label }} as {{ short_label }}) as label_yyyy_we,
    cast({{ dbt.concat([
        week_label, "'-'", 'cast(' ~ parts ~ '.day_num_in_week as varchar(1))'
    ]) }} as {{ long_label }}) as label_yyyy_we_d,
    cast({{ calendar_label(parts ~ '.cal_date', 'YYYY-MM-DD') }} as {{ long_label }}) as label_yyyy_mm_dd,
    cast({{ calendar_label(parts ~ '.local_start', 'YYYY-MM-DD HH12 AM') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh,
    cast({{ calendar_label(parts ~ '.local_start', 'YYYY-MM-DD HH24') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh24,
    cast({{ calendar_label(parts ~ '.local_half_hour_start', 'YYYY-MM-DD HH12:MI AM') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh_30mi,
    cast({{ calendar_label(parts ~ '.local_half_hour_start', 'YYYY-MM-DD HH24:MI') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh24_30mi,
    cast({{ calendar_label(parts ~ '.local_start', 'YYYY-MM-DD HH12:MI AM') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh_mi,
    cast({{ calendar_label(parts ~ '.local_start', 'YYYY-MM-DD HH24:MI') }} as {{ long_label }})
        as label_yyyy_mm_dd_hh24_mi,
    {%- for minutes, start, end in [('15', 'local_start', 'local_end'),
                                     ('30', 'local_half_hour_start', 'local_half_hour_end')] %}
    cast({{ dbt.concat([
        calendar_label(parts ~ '.' ~ start, 'YYYY-MM-DD HH12:MI AM'), "'-'",
        calendar_label(parts ~ '.' ~ end, 'HH12:MI AM')
    ]) }} as {{ long_label }}) as label_yyyy_mm_dd_hh_{{ minutes }}int,
    cast({{ dbt.concat([
        calendar_label(parts ~ '.' ~ start, 'YYYY-MM-DD HH24:MI'), "'-'",
        calendar_label(parts ~ '.' ~ end, 'HH24:MI')
    ]) }} as {{ long_label }}) as label_yyyy_mm_dd_hh24_{{ minutes }}int,
    {%- endfor %}
    cast({{ dbt.concat(["'Q'", 'cast(' ~ parts ~ '.quarter_num as varchar(1))']) }} as {{ short_label }})
        as label_qq,
    cast({{ calendar_label(parts ~ '.cal_date', 'MM') }} as {{ short_label }}) as label_mm,
    cast({{ dbt.concat(["'W'", zero_pad(parts ~ '.week_num_in_year', 2)]) }} as {{ short_label }}) as label_we,
    cast({{ calendar_label(parts ~ '.cal_date', 'DD') }} as {{ short_label }}) as label_dd,
    cast({{ calendar_label(parts ~ '.local_start', 'HH12') }} as {{ short_label }}) as label_hh,
    cast({{ calendar_label(parts ~ '.local_start', 'HH24') }} as {{ short_label }}) as label_hh24,
    cast({{ calendar_label(parts ~ '.local_half_hour_start', 'MI') }} as {{ short_label }}) as label_30mi,
    cast({{ calendar_label(parts ~ '.local_start', 'MI') }} as {{ short_label }}) as label_mi,
    cast({{ dbt.concat([
        "case when " ~ parts ~ ".utc_offset_minutes < 0 then '-' else '+' end",
        zero_pad('abs(' ~ parts ~ '.utc_offset_minutes) / 60', 2), "':'",
        zero_pad('abs(' ~ parts ~ '.utc_offset_minutes) % 60', 2)
    ]) }} as {{ short_label }}) as label_tz,
    cast({{ calendar_label(parts ~ '.local_start', 'AM') }} as {{ short_label }}) as ampm_indicator,
    cast({{ parts }}.year_num - 1970 as integer) as running_year_num,
    cast(({{ parts }}.year_num - 1970) * 4 + {{ parts }}.quarter_num - 1 as integer) as running_quarter_num,
    cast(({{ parts }}.year_num - 1970) * 12 + {{ parts }}.month_num - 1 as integer) as running_month_num,
    cast(floor({{ parts }}.week_start_day_num / 7.0) as integer) as running_week_num,
    cast({{ parts }}.running_day_num as integer) as running_day_num,
    cast(({{ parts }}.hour_key - {{ parts }}.hour_key % 3600) / 3600 as bigint) as running_hour_num,
    cast(({{ parts }}.half_hour_key - {{ parts }}.half_hour_key % 1800) / 1800 as bigint) as running_30min_num
from {{ parts }}
{% endmacro %}

{#-
    A date or local timestamp as text in one of the calendar's label patterns (PostgreSQL to_char
    spelling: 'YYYY-MM-DD HH12:MI AM', 'HH24:MI', 'Day', 'Month', ...), always in English.
-#}
{% macro calendar_label(expr, pattern) %}
    {{ return(adapter.dispatch('calendar_label', 'infomart')(expr, pattern)) }}
{% endmacro %}

{% macro default__calendar_label(expr, pattern) -%}
    to_char({{ expr }}, '{{ {"Day": "FMDay", "Month": "FMMonth"}.get(pattern, pattern) }}')
{%- endmacro %}

{% macro sqlserver__calendar_label(expr, pattern) -%}
    {%- set dotnet = {
        'YYYY': 'yyyy', 'YYYY-MM': 'yyyy-MM', 'YYYY-MM-DD': 'yyyy-MM-dd', 'MM': 'MM', 'DD': 'dd',
        'YYYY-MM-DD HH12 AM': 'yyyy-MM-dd hh tt', 'YYYY-MM-DD HH24': 'yyyy-MM-dd HH',
        'YYYY-MM-DD HH12:MI AM': 'yyyy-MM-dd hh:mm tt', 'YYYY-MM-DD HH24:MI': 'yyyy-MM-dd HH:mm',
        'HH12:MI AM': 'hh:mm tt', 'HH24:MI': 'HH:mm', 'HH12': 'hh', 'HH24': 'HH', 'MI': 'mm',
        'AM': 'tt', 'Day': 'dddd', 'Month': 'MMMM'
    } -%}
    {%- if pattern not in dotnet -%}
        {{ exceptions.raise_compiler_error("calendar_label: no SQL Server format for " ~ pattern) }}
    {%- endif -%}
    format({{ expr }}, '{{ dotnet[pattern] }}', 'en-US')
{%- endmacro %}

{#- A non-negative integer expression as text, left-padded with zeros to `width`. -#}
{% macro zero_pad(expr, width) %}
    {{ return(adapter.dispatch('zero_pad', 'infomart')(expr, width)) }}
{% endmacro %}

{% macro default__zero_pad(expr, width) -%}
    lpad(cast({{ expr }} as varchar), {{ width }}, '0')
{%- endmacro %}

{% macro sqlserver__zero_pad(expr, width) -%}
    right(replicate('0', {{ width }}) + cast({{ expr }} as varchar(20)), {{ width }})
{%- endmacro %}
