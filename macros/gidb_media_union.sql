{#-
    One IDB table as staging sees it: its voice (`_v`) and multimedia (`_mm`) GIDB copies stacked,
    with the copy each row came from. GIDB splits these tables by medium for extraction; reporting
    reads them as one (docs/decisions.md, "Staging").
-#}
{% macro gidb_media_union(idb_table, columns) %}
    {%- for medium in ['v', 'mm'] %}
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        '{{ medium }}' as gidb_copy
    from {{ source('gidb', 'gidb_' ~ idb_table ~ '_' ~ medium) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
