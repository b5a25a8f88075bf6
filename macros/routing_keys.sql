{#-
    STRATEGY_KEY of the relation's tenant_dbid and strategy_name: -1 (no value) without a name,
    else set_key of the two, so one strategy has one key on every build.
-#}
{% macro strategy_key(relation) %}
    case
        when {{ relation }}.strategy_name is null then cast(-1 as bigint)
        else {{ set_key(dbt.concat([
            'cast(' ~ relation ~ '.tenant_dbid as varchar(12))', "'|'",
            relation ~ '.strategy_name'
        ])) }}
    end
{%- endmacro %}

{#-
    ROUTING_TARGET_KEY of the relation's tenant_dbid, target_type_selected and
    target_object_selected: -1 (no value) when no target was selected, else set_key of the three.
-#}
{% macro routing_target_key(relation) %}
    case
        when {{ relation }}.target_object_selected is null then cast(-1 as bigint)
        else {{ set_key(dbt.concat([
            'cast(' ~ relation ~ '.tenant_dbid as varchar(12))', "'|'",
            'cast(coalesce(' ~ relation ~ '.target_type_selected, 0) as varchar(12))', "'|'",
            relation ~ '.target_object_selected'
        ])) }}
    end
{%- endmacro %}

{#-
    ROUTING_TARGET_TYPE and ROUTING_TARGET_TYPE_CODE of each G_ROUTE_RESULT.RTARGETTYPESELECTED
    (the codes the original's reports filter on).
-#}
{% macro routing_target_types() %}
    {{- return({
        'AGENT': ('Agent', 'AGENT'),
        'PLACE': ('Place', 'PLACE'),
        'AGENT_GROUP': ('Agent Group', 'AGENT GROUP'),
        'PLACE_GROUP': ('Place Group', 'PLACE GROUP'),
        'SKILL_EXPRESSION': ('Skill Expression', 'SKILL EXPRESSION')
    }) -}}
{% endmacro %}
