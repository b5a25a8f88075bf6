{{ config(indexes=[{'columns': ['etl_ts']}, {'columns': ['job_id']}]) }}

{{ empty_table([
    ('job_id', 'varchar(64)'),
    ('create_audit_key', 'key'),
    ('idb_table', 'varchar(255)'),
    ('idb_column', 'varchar(255)'),
    ('referenced_table', 'varchar(255)'),
    ('referenced_value', 'varchar(255)'),
    ('row_key', 'varchar(255)'),
    ('data_source_key', 'int'),
    ('etl_ts', 'ts'),
]) }}
