-- The fewest days an IDB must keep its data so that nothing is purged from it before the Info
-- Mart has it, as the operations guide's "Determining the retention period" computes it: the days
-- since the first extraction after the second newest completed transformation (and before the
-- newest), plus a 7-day safety buffer; 999 until two transformations have completed.
with transforms as (
    select history.start_ts
    from {{ ref('ctl_etl_history') }} as history
    where
        history.job_name = 'Job_TransformGIM'
        and history.status = 'COMPLETE'
),

newest_transform as (
    select max(transforms.start_ts) as start_ts
    from transforms
),

prior_transform as (
    select max(transforms.start_ts) as start_ts
    from transforms
    cross join newest_transform
    where transforms.start_ts < newest_transform.start_ts
),

first_extract as (
    select min(history.start_ts) as start_ts
    from {{ ref('ctl_etl_history') }} as history
    cross join newest_transform
    cross join prior_transform
    where
        history.job_name like '%Extract%'
        and history.start_ts < newest_transform.start_ts
        and history.start_ts > prior_transform.start_ts
)

select
    coalesce(
        round(({{ epoch_now() }} - first_extract.start_ts) / 86400.0, 0) + 7, 999
    ) as minimum_days
from first_extract
