{{ empty_table([
    ('schema_version', 'varchar(32)'),
    ('min_idb_schema_version', 'varchar(32)'),
    ('release_version', 'varchar(32)'),
    ('job_id', 'varchar(64)'),
    ('created', 'timestamp'),
    ('created_ts', 'ts'),
]) }}
