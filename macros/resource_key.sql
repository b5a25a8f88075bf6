{#-
    RESOURCE_KEY of a configuration object: its Configuration Server object type in the high
    digits, its DBID below (DBIDs under 10^8). Derived, not handed out, so incremental and full
    builds agree and facts need no lookup to find it (docs/decisions.md, "Resource keys").
-#}
{% macro resource_key(cfg_type_id, dbid) %}
    ({{ cfg_type_id }} * 100000000 + {{ dbid }})
{% endmacro %}

{#- Configuration Server object types (CfgObjectType) the dimensions name. -#}
{% macro cfg_type(name) %}
    {{- {
        'switch': 1, 'dn': 2, 'person': 3, 'place': 4, 'agent_group': 5, 'place_group': 6,
        'tenant': 7, 'skill': 13, 'dn_group': 17
    }[name] -}}
{% endmacro %}
