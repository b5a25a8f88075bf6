{{ config(indexes=[
    {'columns': ['etl_ts']}, {'columns': ['job_id']}, {'columns': ['source_table', 'source_key']},
]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('create_audit_key', 'key'),
    ('source_table', 'varchar(255)'),
    ('source_key', 'varchar(255)'),
    ('data_source_key', 'int'),
    ('reason_code', 'varchar(64)'),
    ('reason', 'varchar(1024)'),
    ('record_data', 'text'),
    ('etl_ts', 'ts'),
]) }}
