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

staged_chunks as (
    select
        'extract' as step,
        extracted.*
    from extracted
    union all
    select
        'transform' as step,
        transformed.*
    from transformed
    union all
    select
        'aggregate' as step,
        aggregated.*
    from aggregated
),

area_map as (
    -- Which chunks each area reads: its step, a data source type (null: any; 1 T-Server,
    -- 2 Interaction Server, 3 OCS, 4 Configuration Server) and whether agent-state chunks
    -- (providertag 3, GLS) count (1 only them, 0 all but them, null either).
    select
        area_rows.area_order,
        area_rows.functional_area,
        area_rows.step,
        area_rows.data_source_type,
        area_rows.agent_states
    from (
        values
        (1, 'Configuration Extract', 'extract', 4, null),
        (2, 'Voice Extract', 'extract', 1, null),
        (3, 'Multimedia Extract', 'extract', 2, null),
        (4, 'Outbound Contact Extract', 'extract', 3, null),
        (5, 'Voice Transform', 'transform', 1, 0),
        (6, 'Multimedia Transform', 'transform', 2, 0),
        (7, 'Outbound Contact Transform', 'transform', 3, null),
        (8, 'Media Neutral SM Transform', 'transform', null, 1),
        (9, 'Aggregation', 'aggregate', 1, null),
        (9, 'Aggregation', 'aggregate', 2, null)
    ) as area_rows (area_order, functional_area, step, data_source_type, agent_states)
)

select
    area_map.area_order,
    area_map.functional_area,
    max(staged_chunks.max_ts) as last_event_ts,
    max(staged_chunks.max_time) as last_event_time
from area_map
left join staged_chunks
    on
        area_map.step = staged_chunks.step
        and (
            area_map.data_source_type is null
            or area_map.data_source_type = staged_chunks.data_source_type
        )
        and (
            area_map.agent_states is null
            or area_map.agent_states
            = case when staged_chunks.providertag = 3 then 1 else 0 end
        )
group by area_map.area_order, area_map.functional_area
