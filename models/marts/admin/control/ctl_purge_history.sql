{{ config(indexes=[{'columns': ['job_id']}]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('table_name', 'varchar(255)'),
    ('purge_type', 'varchar(32)'),
    ('partition_name', 'varchar(255)'),
    ('purge_before_ts', 'ts'),
    ('row_count', 'key'),
    ('purge_start_time', 'timestamp'),
    ('purge_end_time', 'timestamp'),
    ('created_ts', 'ts'),
]) }}
