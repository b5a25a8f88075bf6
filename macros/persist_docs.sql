{#-
    dbt's persist_docs, written only where it is needed: on views and tables a run creates anew,
    and on incremental tables when the run asks (vars.persist_docs: Job_InitializeGIM, and a
    transform or aggregation that builds its tables for the first time). An incremental table
    keeps its comments between runs, so writing them again every cycle (a catalogue query and a
    COMMENT per column, per model) only slowed the cycle (bench/cycle.py; docs/decisions.md).
-#}
{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- if model.config.materialized != 'incremental' or var('persist_docs', false) %}
        {%- if for_relation and config.persist_relation_docs() and model.description %}
            {%- do run_query(alter_relation_comment(relation, model.description)) %}
        {%- endif %}
        {%- if for_columns and config.persist_column_docs() and model.columns %}
            {%- set existing_columns = adapter.get_columns_in_relation(relation)
                | map(attribute="name") | list %}
            {%- set filtered_columns = validate_doc_columns(relation, model.columns, existing_columns) %}
            {%- set alter_comment_sql = alter_column_comment(relation, filtered_columns) %}
            {%- if alter_comment_sql and alter_comment_sql | trim | length > 0 %}
                {%- do run_query(alter_comment_sql) %}
            {%- endif %}
        {%- endif %}
    {%- endif %}
{%- endmacro %}
