{#-
    Agent measures per 15-minute interval, agent and the virtual queue that sent the interaction
    to the agent (-1 for none), from INTERACTION_RESOURCE_FACT, counted as AG2_AGENT counts them.
-#}
{{ aggregate_config() }}

{{ agent_fact_measures({'queue_resource_key': 'parties.last_vqueue_resource_key'}) }}
