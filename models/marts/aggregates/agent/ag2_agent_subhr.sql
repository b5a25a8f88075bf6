{#-
    Agent measures per 15-minute interval, agent, group combination, media, interaction type and
    interaction descriptor, from INTERACTION_RESOURCE_FACT: each completed agent row counts in the
    interval it was offered (disposition-based). Consultation rows (received 3, joined 2 and 6,
    initiated 4) count only in the consult measures.
-#}
{{ aggregate_config() }}

{{ agent_fact_measures(
    {'interaction_descriptor_key': 'coalesce(user_keys.interaction_descriptor_key, -1)'},
    'left join ' ~ ref('irf_user_data_keys') ~ ' as user_keys'
    ~ ' on parties.interaction_resource_id = user_keys.interaction_resource_id'
) }}
