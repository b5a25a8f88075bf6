{#-
    Joins `combinations`: the agent's span of constant agent-group membership that covers `ts`
    (int_agent_group_combinations); select {{ group_combination_key() }} from it.
-#}
{% macro join_group_combination(resource_key, ts, combinations='combinations') %}
    left join {{ ref('int_agent_group_combinations') }} as {{ combinations }}
        on
            {{ resource_key }} = {{ combinations }}.resource_key
            and {{ span_covers(combinations, ts) }}
{% endmacro %}

{#- RESOURCE_GROUP_COMBINATION_KEY of the joined span; -1 (no group) when none covers the time. -#}
{% macro group_combination_key(combinations='combinations') %}
    coalesce({{ combinations }}.group_combination_key, -1)
{% endmacro %}
