{{ config(indexes=[{'columns': ['data_source_key'], 'unique': true}]) }}

{{ empty_table([
    ('data_source_key', 'int'),
    ('data_source_name', 'varchar(255)'),
    ('created_ts', 'ts'),
]) }}
