{#-
    Agent measures per 15-minute interval, agent and outbound campaign: the agent rows of the calls
    the campaign's attempts made (CONTACT_ATTEMPT_FACT.INTERACTION_ID and the agent reached),
    counted as AG2_AGENT counts them.
-#}
{{ aggregate_config() }}

{{ agent_fact_measures(
    {'campaign_key': 'attempts.campaign_key'},
    'inner join ' ~ ref('contact_attempt_fact') ~ ' as attempts'
    ~ ' on parties.interaction_id = attempts.interaction_id'
    ~ ' and parties.resource_key = attempts.resource_key'
) }}
