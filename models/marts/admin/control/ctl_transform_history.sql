{{ config(indexes=[{'columns': ['job_id']}, {'columns': ['table_name', 'created_ts']}]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('job_name', 'varchar(64)'),
    ('table_name', 'varchar(255)'),
    ('status', 'varchar(16)'),
    ('row_count', 'key'),
    ('transform_start_time', 'timestamp'),
    ('transform_end_time', 'timestamp'),
    ('create_audit_key', 'key'),
    ('created_ts', 'ts'),
    ('max_source_audit_key', 'key'),
]) }}
