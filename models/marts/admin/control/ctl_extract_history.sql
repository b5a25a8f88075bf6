{{ config(indexes=[
    {'columns': ['table_name', 'data_source_key', 'icon_dbid']},
    {'columns': ['job_id']}
]) }}

{{ empty_table([
    ('table_name', 'varchar(255)'),
    ('data_source_key', 'int'),
    ('data_source_type', 'int'),
    ('row_count', 'key'),
    ('max_time', 'timestamp'),
    ('max_ts', 'ts'),
    ('icon_dbid', 'int'),
    ('dss_id', 'int'),
    ('providertag', 'int'),
    ('extract_start_time', 'timestamp'),
    ('extract_end_time', 'timestamp'),
    ('job_id', 'varchar(64)'),
    ('job_name', 'varchar(64)'),
    ('job_version', 'varchar(64)'),
    ('dap_name', 'varchar(255)'),
    ('create_audit_key', 'key'),
    ('created_ts', 'ts'),
]) }}
