{{ config(indexes=[{'columns': ['job_id']}, {'columns': ['request_id']}]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('request_id', 'varchar(255)'),
    ('request_type', 'varchar(16)'),
    ('request_file', 'varchar(1024)'),
    ('table_name', 'varchar(255)'),
    ('column_name', 'varchar(255)'),
    ('row_key', 'varchar(255)'),
    ('original_value', 'varchar(4000)'),
    ('processed_ts', 'ts'),
    ('created_ts', 'ts'),
    ('subject_type', 'varchar(16)'),
    ('pii_kind', 'varchar(32)'),
    ('redacted_value', 'varchar(64)'),
]) }}
