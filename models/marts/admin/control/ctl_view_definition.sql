{{ empty_table([
    ('view_name', 'varchar(128)'),
    ('definition_hash', 'varchar(64)'),
    ('job_id', 'varchar(64)'),
    ('created_ts', 'ts'),
]) }}
