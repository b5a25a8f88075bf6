{#-
    Every party an agent held in the calls rebuilt this run, with its call's type, media and
    INTERACTION_ID: read once here for the models that measure these parties, sequence their
    states, find their after-call work and the sessions they were released in.
-#}
{{ config(materialized='table', post_hook="{{ analyze_table(this) }}") }}

select
    parties.data_source_key,
    parties.party_id,
    parties.party_row_id,
    parties.party_guid,
    parties.party_role,
    parties.parent_party_id,
    parties.parent_link_type,
    parties.agent_dbid,
    parties.endpoint_dbid,
    parties.endpoint_dn,
    parties.tenant_dbid,
    parties.created_ts,
    parties.terminated_ts,
    parties.call_id,
    calls.call_type,
    calls.dnis,
    calls.media_type,
    calls.interaction_id
from {{ ref('stg_gidb__g_party') }} as parties
inner join {{ ref('int_calls_rooted') }} as calls
    on
        parties.data_source_key = calls.data_source_key
        and parties.call_id = calls.call_id
where parties.agent_dbid is not null
