{#-
    Aggregates (AG2_<HIERARCHY>_<LEVEL>): each hierarchy's SUBHR model sums its facts per
    15-minute interval; every other level sums the level below it (HOUR and DAY from SUBHR, MONTH
    from DAY, QRTR from MONTH, YEAR from QRTR), so the levels agree by construction. Each run
    rebuilds only the periods int_agg_pending_intervals lists: it appends their new rows, then
    its post-hook deletes the older rows of those periods (delete_rebuilt_intervals), so a group
    that vanished on reprocessing disappears too.
-#}

{#- The facts whose changes make an interval pending. -#}
{% macro aggregated_facts() %}
    {{- return([
        'mediation_segment_fact', 'interaction_resource_fact', 'sm_res_state_fact',
        'sm_res_state_reason_fact', 'ixn_resource_state_fact', 'contact_attempt_fact'
    ]) -}}
{% endmacro %}

{#- Each hierarchy's grouping columns and measures: additive ones summed, *_max ones maxed. -#}
{% macro aggregate_hierarchy(name) %}
    {%- set buckets = [] -%}
    {%- for seconds in var('service_level_buckets') -%}
        {%- do buckets.append('accepted_within_' ~ loop.index) -%}
    {%- endfor -%}
    {%- set agent_sums = [
        'offered', 'accepted', 'notaccepted', 'abandoned_invite', 'invite', 'invite_time',
        'engage', 'engage_time', 'hold', 'hold_time', 'wrap', 'wrap_time',
        'consult_received_accepted', 'consult_received_engage_time',
        'consult_received_wrap_time', 'transfer_init_agent',
        'satisfaction_offered', 'satisfaction', 'revenue_offered', 'revenue'
    ] -%}
    {%- set hierarchies = {
        'queue': {
            'groups': ['tenant_key', 'resource_key', 'media_type_key', 'interaction_type_key'],
            'sums': [
                'entered', 'invite', 'accepted', 'accepted_thr', 'accepted_time',
                'abandoned', 'abandoned_invite', 'abandoned_short', 'abandoned_time',
                'queue_time', 'invite_time', 'handle_time'
            ] + buckets,
            'maxes': ['accepted_time_max']
        },
        'agent': {
            'groups': [
                'tenant_key', 'group_combination_key', 'resource_key', 'media_type_key',
                'interaction_type_key', 'interaction_descriptor_key'
            ],
            'sums': agent_sums,
            'maxes': []
        },
        'agent_grp': {
            'groups': ['tenant_key', 'group_key', 'media_type_key', 'interaction_type_key'],
            'sums': agent_sums,
            'maxes': []
        },
        'id': {
            'groups': [
                'tenant_key', 'interaction_descriptor_key', 'media_type_key', 'interaction_type_key'
            ],
            'sums': agent_sums,
            'maxes': []
        },
        'campaign': {
            'groups': [
                'tenant_key', 'campaign_key', 'group_key', 'dialing_mode_key', 'call_result_key'
            ],
            'sums': ['attempts', 'connected', 'engage_time', 'wrap_time', 'contacts_completed'],
            'maxes': []
        },
        'i_agent': {
            'groups': [
                'tenant_key', 'group_combination_key', 'resource_key', 'media_type_key',
                'interaction_type_key'
            ],
            'sums': [
                'dial_time', 'ring_time', 'engage_time', 'hold_time', 'wrap_time',
                'consult_engage_time', 'consult_hold_time'
            ],
            'maxes': []
        },
        'i_state_rsn': {
            'groups': [
                'tenant_key', 'group_combination_key', 'resource_key', 'media_type_key',
                'resource_state_key', 'resource_state_reason_key'
            ],
            'sums': ['reason_time'],
            'maxes': []
        },
        'i_sess_state': {
            'groups': ['tenant_key', 'group_combination_key', 'resource_key', 'media_type_key'],
            'sums': [
                'active_time', 'ready_time', 'not_ready_time', 'busy_time', 'wrap_time',
                'dnd_time', 'other_time'
            ],
            'maxes': []
        }
    } -%}
    {{- return(hierarchies[name]) -}}
{% endmacro %}

{#- The level each level is summed from, and how a source row's DATE_TIME_KEY maps to it. -#}
{% macro aggregate_levels() %}
    {{- return({
        'hour': ('subhr', 'src.date_time_key - src.date_time_key % 3600'),
        'day': ('subhr', 'calendar.date_time_day_key'),
        'month': ('day', 'calendar.date_time_month_key'),
        'qrtr': ('month', 'calendar.date_time_quarter_key'),
        'year': ('qrtr', 'calendar.date_time_year_key')
    }) -}}
{% endmacro %}

{#- Post-hook: delete the rows of the rebuilt periods that an earlier run wrote. -#}
{% macro delete_rebuilt_intervals(level) %}
    delete from {{ this }}
    where
        update_audit_key <> {{ run_audit_key() }}
        and date_time_key in (
            select pending.{{ level }}_key from {{ ref('int_agg_pending_intervals') }} as pending
        )
{% endmacro %}

{#- The config every aggregate model of `level` takes. -#}
{% macro aggregate_config(level) %}
    {{ config(
        post_hook="{{ delete_rebuilt_intervals('" ~ level ~ "') }}",
        indexes=[{'columns': ['date_time_key']}] if target.type == 'postgres' else []
    ) }}
{% endmacro %}

{#- AG2_<hierarchy>_<level> for a level above SUBHR: the level below summed per period. -#}
{% macro roll_up(hierarchy, level) %}
    {%- set spec = aggregate_hierarchy(hierarchy) -%}
    {%- set source_level, period = aggregate_levels()[level] -%}
    {{ aggregate_config(level) }}
    with periods as (
        select distinct pending.{{ level }}_key as period_key
        from {{ ref('int_agg_pending_intervals') }} as pending
    ),

    mapped as (
        select
            src.*,
            {{ period }} as period_key
        from {{ ref('ag2_' ~ hierarchy ~ '_' ~ source_level) }} as src
        inner join {{ ref('date_time') }} as calendar
            on src.date_time_key = calendar.date_time_key
        where src.date_time_key >= (select min(periods.period_key) as first_key from periods)
    )

    select
        mapped.period_key as date_time_key,
        {%- for column in spec['groups'] %}
        mapped.{{ column }},
        {%- endfor %}
        {%- for column in spec['sums'] %}
        sum(mapped.{{ column }}) as {{ column }},
        {%- endfor %}
        {%- for column in spec['maxes'] %}
        max(mapped.{{ column }}) as {{ column }},
        {%- endfor %}
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key
    from mapped
    inner join periods on mapped.period_key = periods.period_key
    group by mapped.period_key{% for column in spec['groups'] %}, mapped.{{ column }}{% endfor %}
{% endmacro %}

{#-
    The 15-minute pieces of the spans of `relation` (start_ts, end_ts; ended spans only) that fall
    in the intervals rebuilt this run: each span's columns, the interval's DATE_TIME_KEY and the
    seconds of the span inside it. Joins `pending` (int_agg_pending_intervals).
-#}
{% macro span_pieces(relation, columns) %}
    select
        {%- for column in columns %}
        spans.{{ column }},
        {%- endfor %}
        pending.subhr_key as date_time_key,
        (
            case
                when spans.end_ts < pending.subhr_key + 900 then spans.end_ts
                else pending.subhr_key + 900
            end
        ) - (
            case
                when spans.start_ts > pending.subhr_key then spans.start_ts
                else pending.subhr_key
            end
        ) as seconds
    from {{ relation }} as spans
    inner join {{ ref('int_agg_pending_intervals') }} as pending
        on
            spans.start_ts < pending.subhr_key + 900
            and spans.end_ts > pending.subhr_key
    where spans.end_ts is not null
{% endmacro %}

{#-
    AG2_AGENT_SUBHR's rows of the pending intervals summed per `key_column` instead of per agent:
    a column of the agent rows (interaction_descriptor_key), or group_key through the agent's
    group combination (`through_groups`), where an agent counts in each of their groups.
-#}
{% macro agent_rows_by(key_column, through_groups=false) %}
    {%- set spec = aggregate_hierarchy('agent') -%}
    {%- set key = 'combinations.group_key' if through_groups else 'agents.' ~ key_column -%}
    with pending as (
        select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
    )

    select
        agents.date_time_key,
        agents.tenant_key,
        {{ key }},
        agents.media_type_key,
        agents.interaction_type_key,
        {%- for column in spec['sums'] %}
            sum(agents.{{ column }}) as {{ column }},
        {%- endfor %}
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key
    from {{ ref('ag2_agent_subhr') }} as agents
    inner join pending on agents.date_time_key = pending.subhr_key
    {%- if through_groups %}
        inner join {{ ref('resource_group_combination') }} as combinations
            on agents.group_combination_key = combinations.group_combination_key
    {%- endif %}
    group by
        agents.date_time_key, agents.tenant_key, {{ key }}, agents.media_type_key,
        agents.interaction_type_key
{% endmacro %}
