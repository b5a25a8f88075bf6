{{ config(
    pre_hook="{{ create_sequence(this.schema, var('audit_key_sequence')) }}",
    indexes=[
        {'columns': ['audit_key'], 'unique': true},
        {'columns': ['job_id']}
    ]
) }}

{{ empty_table([
    ('audit_key', 'key'),
    ('job_id', 'varchar(64)'),
    ('created', 'timestamp'),
    ('inserted', 'timestamp'),
    ('processing_status_key', 'int'),
    ('min_start_date_time_key', 'ts'),
    ('max_start_date_time_key', 'ts'),
    ('max_chunk_ts', 'ts'),
    ('data_source_key', 'int'),
    ('row_count', 'key'),
    ('created_ts', 'ts'),
    ('producer_info_key', 'int'),
]) }}
