{{ config(indexes=[{'columns': ['idb_name', 'ended_ts']}]) }}

{{ empty_table([
    ('episode_id', 'varchar(64)'),
    ('kind', 'varchar(16)'),
    ('idb_name', 'varchar(255)'),
    ('data_source_type', 'int'),
    ('dss_id', 'int'),
    ('started_ts', 'ts'),
    ('last_seen_ts', 'ts'),
    ('stuck_ts', 'ts'),
    ('ended_ts', 'ts'),
    ('detail', 'varchar(1024)'),
    ('job_id', 'varchar(64)'),
    ('created_ts', 'ts'),
]) }}
