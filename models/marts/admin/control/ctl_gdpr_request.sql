{{ config(indexes=[{'columns': ['request_file', 'file_hash']}]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('request_id', 'varchar(255)'),
    ('request_file', 'varchar(1024)'),
    ('file_hash', 'varchar(64)'),
    ('request_type', 'varchar(16)'),
    ('subject_type', 'varchar(16)'),
    ('status', 'varchar(16)'),
    ('rows_matched', 'key'),
    ('output_file', 'varchar(1024)'),
    ('error_message', 'varchar(4000)'),
    ('processed_ts', 'ts'),
    ('created_ts', 'ts'),
]) }}
