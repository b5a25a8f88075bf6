{#-
    AG2_AGENT_SUBHR summed per interaction descriptor (customer segment, service type and
    subtype, business result): what agents handled, by the attached data of the calls.
-#}
{{ aggregate_config() }}

{{ agent_rows_by('interaction_descriptor_key') }}
