{#-
    AG2_AGENT_SUBHR summed per agent group: an agent's rows count in every group of the agent's
    group combination (so the groups of one agent may add up to more than the agent).
-#}
{{ aggregate_config() }}

{{ agent_rows_by('group_key', through_groups=true) }}
