{{ config(indexes=[{'columns': ['dap_name']}]) }}

{{ empty_table([
    ('dap_name', 'varchar(255)'),
    ('data_source_key', 'int'),
    ('data_source_type', 'int'),
    ('dss_id', 'int'),
    ('providertag', 'int'),
    ('gap_start_ts', 'ts'),
    ('gap_end_ts', 'ts'),
    ('gap_start_time', 'timestamp'),
    ('gap_end_time', 'timestamp'),
    ('episode_id', 'varchar(64)'),
    ('job_id', 'varchar(64)'),
    ('created_ts', 'ts'),
]) }}
