-- ETL latency by functional area, as the manager's ETL Status view shows it: the newest moment
-- of contact-center data each area has stored. Extract areas: the IDB write time the newest
-- extraction chunk holding rows reached, by data source type. Transform areas: the same, among
-- the chunks Job_TransformGIM has transformed (extraction audit keys up to its mark).
-- Aggregation: among the chunks the transformations that the last aggregation covered had read.
-- Chunk-granular (extract-data-chunk-size). The caller subtracts from its own clock.
with extracted as (
    select
        extract_history.data_source_type,
        extract_history.providertag,
        extract_history.create_audit_key,
        extract_history.max_time,
        extract_history.max_ts
    from {{ ref('ctl_extract_history') }} as extract_history
    where extract_history.row_count > 0
),

table_marks as (
    select
        transform_history.job_name,
        transform_history.table_name,
        max(transform_history.max_source_audit_key) as table_mark
    from {{ ref('ctl_transform_history') }} as transform_history
    where
        transform_history.status = 'SUCCESS'
        and transform_history.job_name in ('Job_TransformGIM', 'Job_AggregateGIM')
    group by transform_history.job_name, transform_history.table_name
),

job_marks as (
    select
        table_marks.job_name,
        min(table_marks.table_mark) as audit_key
    from table_marks
    group by table_marks.job_name
),

transformed as (
    select extracted.*
    from extracted
    inner join job_marks
        on
            job_marks.job_name = 'Job_TransformGIM'
            and extracted.create_audit_key <= job_marks.audit_key
),

aggregated_transform_mark as (
    select max(transform_history.max_source_audit_key) as audit_key
    from {{ ref('ctl_transform_history') }} as transform_history
    inner join job_marks
        on
            job_marks.job_name = 'Job_AggregateGIM'
            and transform_history.create_audit_key <= job_marks.audit_key
    where
        transform_history.job_name = 'Job_TransformGIM'
        and transform_history.status = 'SUCCESS'
),

aggregated as (
    select extracted.*
    from extracted
    inner join aggregated_transform_mark
        on extracted.create_audit_key <= aggregated_transform_mark.audit_key
),

areas as (
    -- data_source_type: 1 T-Server, 2 Interaction Server, 3 OCS, 4 Configuration Server;
    -- providertag 3: login sessions and agent states (GLS).
    select
        1 as area_order,
        'Configuration Extract' as functional_area,
        max(extracted.max_ts) as last_event_ts,
        max(extracted.max_time) as last_event_time
    from extracted
    where extracted.data_source_type = 4
    union all
    select
        2 as area_order,
        'Voice Extract' as functional_area,
        max(extracted.max_ts) as last_event_ts,
        max(extracted.max_time) as last_event_time
    from extracted
    where extracted.data_source_type = 1
    union all
    select
        3 as area_order,
        'Multimedia Extract' as functional_area,
        max(extracted.max_ts) as last_event_ts,
        max(extracted.max_time) as last_event_time
    from extracted
    where extracted.data_source_type = 2
    union all
    select
        4 as area_order,
        'Outbound Contact Extract' as functional_area,
        max(extracted.max_ts) as last_event_ts,
        max(extracted.max_time) as last_event_time
    from extracted
    where extracted.data_source_type = 3
    union all
    select
        5 as area_order,
        'Voice Transform' as functional_area,
        max(transformed.max_ts) as last_event_ts,
        max(transformed.max_time) as last_event_time
    from transformed
    where transformed.data_source_type = 1 and transformed.providertag <> 3
    union all
    select
        6 as area_order,
        'Multimedia Transform' as functional_area,
        max(transformed.max_ts) as last_event_ts,
        max(transformed.max_time) as last_event_time
    from transformed
    where transformed.data_source_type = 2 and transformed.providertag <> 3
    union all
    select
        7 as area_order,
        'Outbound Contact Transform' as functional_area,
        max(transformed.max_ts) as last_event_ts,
        max(transformed.max_time) as last_event_time
    from transformed
    where transformed.data_source_type = 3
    union all
    select
        8 as area_order,
        'Media Neutral SM Transform' as functional_area,
        max(transformed.max_ts) as last_event_ts,
        max(transformed.max_time) as last_event_time
    from transformed
    where transformed.providertag = 3
    union all
    select
        9 as area_order,
        'Aggregation' as functional_area,
        max(aggregated.max_ts) as last_event_ts,
        max(aggregated.max_time) as last_event_time
    from aggregated
    where aggregated.data_source_type in (1, 2)
)

select
    areas.area_order,
    areas.functional_area,
    areas.last_event_ts,
    areas.last_event_time
from areas
