{{ config(
    materialized='incremental',
    incremental_strategy='append',
    unique_key='date_time_key',
    indexes=[{'columns': ['date_time_key'], 'unique': true}, {'columns': ['cal_date']}]
) }}

{{ calendar_rows(
    start_date=var('date_time_start_date'),
    end_date=var('date_time_end_date'),
    tz=var('date_time_tz'),
    first_dow=var('first_day_of_week'),
    min_days=var('minimal_days_in_first_week'),
    simple_weeks=var('simple_week_numbering'),
    audit_key=var('audit_key'),
    existing=this if is_incremental() else none
) }}
