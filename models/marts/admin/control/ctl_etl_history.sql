{{ config(indexes=[
    {'columns': ['job_id'], 'unique': true},
    {'columns': ['job_name', 'start_ts']}
]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('job_name', 'varchar(64)'),
    ('job_version', 'varchar(64)'),
    ('status', 'varchar(16)'),
    ('start_time', 'timestamp'),
    ('end_time', 'timestamp'),
    ('start_ts', 'ts'),
    ('end_ts', 'ts'),
    ('host_name', 'varchar(255)'),
    ('process_id', 'int'),
    ('job_parameters', 'varchar(1024)'),
    ('error_message', 'varchar(4000)'),
    ('created_ts', 'ts'),
    ('job_summary', 'varchar(4000)'),
]) }}
