{#-
    A fact row's surrogate key, derived from the GIDB row it describes: the data source in the
    high digits, the IDB row's ID below (IDs under 10^12 per IDB). Derived, not handed out, so an
    incremental run and a full one give every row the same key (docs/decisions.md, "Fact keys").
-#}
{% macro fact_id(data_source_key, idb_id) %}
    (cast({{ data_source_key }} as bigint) * 1000000000000 + cast({{ idb_id }} as bigint))
{% endmacro %}

{#- The data source a fact key was derived from (fact_id's high digits). -#}
{% macro fact_data_source(fact_key) %}
    ({{ fact_key }} / 1000000000000)
{% endmacro %}
