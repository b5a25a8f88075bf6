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
{% macro aggregate_hierarchies() %}
    {%- set buckets = [] -%}
    {%- set abandoned_buckets = [] -%}
    {%- for seconds in var('service_level_buckets') -%}
        {%- do buckets.append('accepted_within_' ~ loop.index) -%}
        {%- do abandoned_buckets.append('abandoned_within_' ~ loop.index) -%}
    {%- endfor -%}
    {%- set agent_sums = [
        'offered', 'accepted', 'notaccepted', 'abandoned_invite', 'invite', 'invite_time',
        'engage', 'engage_time', 'hold', 'hold_time', 'wrap', 'wrap_time',
        'consult_received_accepted', 'consult_received_engage_time',
        'consult_received_wrap_time', 'transfer_init_agent',
        'consult_received_hold', 'consult_received_hold_time', 'consult_received_wrap',
        'consult_initiated', 'consult_initiated_time', 'conference_initiated',
        'conference_received_accepted', 'xfer_received_accepted', 'agent_disconnect_first',
        'accepted_unique', 'accepted_thread', 'responded_unique', 'responses',
        'consult_responses', 'rejected', 'consult_rcv_acc_warm', 'consult_rcv_warm_engage_time',
        'consult_rcv_warm_hold', 'consult_rcv_warm_hold_time', 'consult_rcv_warm_wrap',
        'consult_rcv_warm_wrap_time',
        'short',
        'satisfaction_offered', 'satisfaction', 'revenue_offered', 'revenue'
    ] -%}
    {%- set queue_sums = [
        'entered', 'invite', 'accepted', 'accepted_thr', 'accepted_time',
        'abandoned', 'abandoned_invite', 'abandoned_short', 'abandoned_time',
        'queue_time', 'invite_time', 'handle_time', 'accepted_agent', 'cleared',
        'redirected', 'routed_other'
    ] + buckets -%}
    {%- set hierarchies = {
        'queue': {
            'groups': ['tenant_key', 'resource_key', 'media_type_key', 'interaction_type_key'],
            'sums': queue_sums,
            'maxes': ['accepted_time_max']
        },
        'queue_grp': {
            'groups': ['tenant_key', 'group_key', 'media_type_key', 'interaction_type_key'],
            'sums': queue_sums,
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
        'queue_abn': {
            'groups': ['tenant_key', 'resource_key', 'media_type_key', 'interaction_type_key'],
            'sums': ['abandoned', 'abandoned_short', 'abandoned_time'] + abandoned_buckets,
            'maxes': []
        },
        'queue_acc_agent': {
            'groups': [
                'tenant_key', 'resource_key', 'agent_resource_key', 'media_type_key',
                'interaction_type_key'
            ],
            'sums': ['accepted', 'accepted_thr', 'accepted_time', 'handle_time'] + buckets,
            'maxes': ['accepted_time_max']
        },
        'agent_queue': {
            'groups': [
                'tenant_key', 'group_combination_key', 'resource_key', 'media_type_key',
                'interaction_type_key', 'queue_resource_key'
            ],
            'sums': agent_sums,
            'maxes': []
        },
        'agent_campaign': {
            'groups': [
                'tenant_key', 'group_combination_key', 'resource_key', 'media_type_key',
                'interaction_type_key', 'campaign_key'
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
    {{- return(hierarchies) -}}
{% endmacro %}

{% macro aggregate_hierarchy(name) %}
    {{- return(aggregate_hierarchies()[name]) -}}
{% endmacro %}

{#-
    The levels, finest first: each one's name, the level it is summed from and how a source
    row's DATE_TIME_KEY maps to its period. Job_AggregateGIM reads the chain from each model's
    meta (aggregate_config), so this is its one declaration.
-#}
{% macro aggregate_levels() %}
    {{- return([
        ('subhr', none, none),
        ('hour', 'subhr', 'src.date_time_key - src.date_time_key % 3600'),
        ('day', 'subhr', 'calendar.date_time_day_key'),
        ('month', 'day', 'calendar.date_time_month_key'),
        ('qrtr', 'month', 'calendar.date_time_quarter_key'),
        ('year', 'qrtr', 'calendar.date_time_year_key')
    ]) -}}
{% endmacro %}

{#- The hierarchy and level of the aggregate model being built, from its name AG2_<H>_<LEVEL>. -#}
{% macro aggregate_identity() %}
    {%- set hierarchy, level = model.name.removeprefix('ag2_').rsplit('_', 1) -%}
    {%- for name, source_level, period in aggregate_levels() -%}
        {%- if name == level -%}
            {{- return({
                'hierarchy': hierarchy, 'level': level, 'summed_from': source_level,
                'level_order': loop.index0, 'period': period
            }) -}}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(model.name ~ ': no aggregate level ' ~ level) }}
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

{#-
    The config every aggregate model takes: its hierarchy, level and source level in `meta`
    (where Job_AggregateGIM finds them), the post-hook that deletes what the run replaced, and an
    index on the period.
-#}
{% macro aggregate_config() %}
    {%- set identity = aggregate_identity() -%}
    {{ config(
        meta={'aggregate': {
            'hierarchy': identity['hierarchy'], 'level': identity['level'],
            'summed_from': identity['summed_from'], 'level_order': identity['level_order']
        }},
        post_hook="{{ delete_rebuilt_intervals('" ~ identity['level'] ~ "') }}",
        indexes=aggregate_indexes()
    ) }}
{% endmacro %}

{#- The aggregates' index on the period: PostgreSQL's; SQL Server's tables keep none. -#}
{% macro aggregate_indexes() %}
    {{- return(adapter.dispatch('aggregate_indexes', 'infomart')()) -}}
{% endmacro %}

{% macro default__aggregate_indexes() %}
    {{- return([]) -}}
{% endmacro %}

{% macro postgres__aggregate_indexes() %}
    {{- return([{'columns': ['date_time_key']}]) -}}
{% endmacro %}

{#- The aggregate model being built, for a level above SUBHR: the level below summed per period. -#}
{% macro roll_up() %}
    {%- set identity = aggregate_identity() -%}
    {%- set hierarchy, level = identity['hierarchy'], identity['level'] -%}
    {%- set spec = aggregate_hierarchy(hierarchy) -%}
    {%- set source_level, period = identity['summed_from'], identity['period'] -%}
    {{ aggregate_config() }}
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
    {{ pending_intervals_join() }}
    where
        spans.end_ts is not null
        -- Bounds a steady cycle's scan to the spans that end after its first pending interval.
        and spans.end_ts > (
            select min(first_pending.subhr_key) as first_subhr_key
            from {{ ref('int_agg_pending_intervals') }} as first_pending
        )
{% endmacro %}

{#- span_pieces' join of each span to the pending intervals it overlaps. -#}
{% macro pending_intervals_join() %}
    {{- return(adapter.dispatch('pending_intervals_join', 'infomart')()) -}}
{% endmacro %}

{% macro default__pending_intervals_join() %}
    inner join {{ ref('int_agg_pending_intervals') }} as pending
        on
            spans.start_ts < pending.subhr_key + 900
            and spans.end_ts > pending.subhr_key
{% endmacro %}

{#-
    Each span's candidate intervals, joined on equality: a range join would run an index scan of
    every later span per pending interval, quadratic when a rebuild has weeks pending.
-#}
{% macro postgres__pending_intervals_join() %}
    cross join lateral generate_series(
        spans.start_ts - mod(spans.start_ts, 900), spans.end_ts, 900
    ) as covered (subhr_key)
    inner join {{ ref('int_agg_pending_intervals') }} as pending
        on
            covered.subhr_key = pending.subhr_key
            and spans.start_ts < pending.subhr_key + 900
            and spans.end_ts > pending.subhr_key
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

{#-
    Agent measures of the completed INTERACTION_RESOURCE_FACT rows offered in the pending
    intervals, per interval, agent, group combination, media, interaction type and
    `extra_groups` (alias: expression over `parties`, the IRF row, or what `extra_join` joins).
    Consultation rows (received 3, joined 2 and 6, initiated 4) count only in the consult
    measures.
-#}
{% macro agent_fact_measures(extra_groups, extra_join='') %}
    with pending as (
        select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
    ),

    handled as (
        select
            parties.start_date_time_key as date_time_key,
            parties.tenant_key,
            parties.resource_group_combination_key as group_combination_key,
            parties.resource_key,
            parties.media_type_key,
            parties.interaction_type_key,
            {%- for alias, expression in extra_groups.items() %}
                {{ expression }}{{ '' if expression.endswith('.' ~ alias) else ' as ' ~ alias }},
            {%- endfor %}
            parties.technical_descriptor_key,
            parties.dial_count,
            parties.dial_duration,
            parties.ring_count,
            parties.ring_duration,
            parties.talk_count,
            parties.talk_duration,
            parties.hold_count,
            parties.hold_duration,
            parties.after_call_work_count,
            parties.after_call_work_duration,
            parties.customer_handle_count,
            parties.cons_rcv_talk_count,
            parties.cons_rcv_talk_duration,
            parties.cons_rcv_hold_count,
            parties.cons_rcv_hold_duration,
            parties.cons_rcv_acw_count,
            parties.cons_rcv_acw_duration,
            coalesce(flags.first_engage_for_agent_ixn, 0) as first_engage_for_agent_ixn,
            coalesce(flags.first_engage_for_agent_thrd, 0) as first_engage_for_agent_thrd,
            coalesce(flags.first_reply_for_agent_ixn, 0) as first_reply_for_agent_ixn,
            coalesce(media.is_online, 0) as is_online,
            parties.cons_init_talk_count,
            parties.cons_init_talk_duration + parties.cons_init_hold_duration as cons_init_time,
            parties.conference_initiated_count,
            parties.conf_join_talk_count + parties.conf_join_hold_count as conf_join_count,
            {#- A consultation received after which the colleague took the customer over or
                joined the conference (RAA's warm consultations): the colleague's row on the
                customer's call came from its consultation row (PREV_IRF_ID). The original holds
                both on one row, whose CUSTOMER_HANDLE_COUNT tells them apart; here they are two,
                joined back. Looked up per consultation row (by the INTERACTION_ID index) so the
                rows of the pending intervals are read once. #}
            case
                when
                    parties.technical_descriptor_key
                    <> {{ fixed_key('technical_descriptor', 'ANSWERED_CONSULT') }}
                    then 0
                when exists (
                    select joined.interaction_resource_id
                    from {{ ref('interaction_resource_fact') }} as joined
                    where
                        joined.interaction_id = parties.interaction_id
                        and joined.prev_irf_id = parties.interaction_resource_id
                        and joined.resource_key = parties.resource_key
                        and joined.customer_handle_count > 0
                ) then 1
                else 0
            end as is_warm,
            parties.stop_action,
            user_values.satisfaction,
            user_values.revenue,
            case
                when parties.technical_descriptor_key in ({{ fixed_key_list('technical_descriptor', [
                    'ANSWERED_TRANSFER', 'ANSWERED_CONSULT', 'INITIATED_CONSULT', 'CONFERENCE_JOINED'
                ]) }}) then 0
                else 1
            end as is_customer
        from {{ ref('interaction_resource_fact') }} as parties
        inner join pending on parties.start_date_time_key = pending.subhr_key
        left join {{ ref('irf_user_data_gen_1') }} as user_values
            on parties.interaction_resource_id = user_values.interaction_resource_id
        left join {{ ref('anchor_flags') }} as flags
            on parties.anchor_flags_key = flags.anchor_flags_key
        left join {{ ref('media_type') }} as media
            on parties.media_type_key = media.media_type_key
        {{ extra_join }}
        where parties.active_flag = 0
    ),

    flagged as (
        select
            *,
            case
                when is_customer = 1 and dial_count + ring_count + talk_count > 0 then 1 else 0
            end as is_offered,
            case when is_customer = 1 and talk_count > 0 then 1 else 0 end as is_accepted
        from handled
    )

    select
        date_time_key,
        tenant_key,
        group_combination_key,
        resource_key,
        media_type_key,
        interaction_type_key,
        {%- for alias in extra_groups %}
            {{ alias }},
        {%- endfor %}
        sum(is_offered) as offered,
        sum(is_accepted) as accepted,
        sum(is_offered - is_accepted) as notaccepted,
        sum(
            case
                when technical_descriptor_key = {{ fixed_key('technical_descriptor', 'ABANDONED_WHILE_RINGING') }}
                    then 1
                else 0
            end
        ) as abandoned_invite,
        sum(is_customer * (ring_count + dial_count)) as invite,
        sum(is_customer * (ring_duration + dial_duration)) as invite_time,
        sum(is_accepted) as engage,
        sum(is_customer * talk_duration) as engage_time,
        sum(case when is_customer = 1 and hold_count > 0 then 1 else 0 end) as hold,
        sum(is_customer * hold_duration) as hold_time,
        sum(is_customer * after_call_work_count) as wrap,
        sum(is_customer * after_call_work_duration) as wrap_time,
        sum(
            case
                when
                    technical_descriptor_key = {{ fixed_key('technical_descriptor', 'ANSWERED_CONSULT') }}
                    and talk_count > 0
                    and is_warm = 0
                    then 1
                else 0
            end
        ) as consult_received_accepted,
        sum((1 - is_customer) * talk_duration) as consult_received_engage_time,
        sum((1 - is_customer) * after_call_work_duration) as consult_received_wrap_time,
        sum(
            case
                when
                    technical_descriptor_key = {{ fixed_key('technical_descriptor', 'TRANSFERRED') }}
                    and talk_count > 0
                    then 1
                else 0
            end
        ) as transfer_init_agent,
        {#- RAA's measures on the columns of the original's IRF (schema notes, section 9); the
            consultations received count here when cold, in CONSULT_RCV_*WARM* when warm. -#}
        sum(
            case when cons_rcv_hold_count > 0 and is_warm = 0 then 1 else 0 end
        ) as consult_received_hold,
        sum((1 - is_warm) * cons_rcv_hold_duration) as consult_received_hold_time,
        sum((1 - is_warm) * cons_rcv_acw_count) as consult_received_wrap,
        sum(cons_init_talk_count) as consult_initiated,
        sum(cons_init_time) as consult_initiated_time,
        sum(
            case when customer_handle_count > 0 then conference_initiated_count else 0 end
        ) as conference_initiated,
        sum(
            case when customer_handle_count > 0 and conf_join_count > 0 then 1 else 0 end
        ) as conference_received_accepted,
        sum(
            case
                when
                    technical_descriptor_key = {{ fixed_key('technical_descriptor', 'ANSWERED_TRANSFER') }}
                    and talk_count > 0
                    then 1
                else 0
            end
        ) as xfer_received_accepted,
        sum(stop_action) as agent_disconnect_first,
        {#- RAA's firsts, from ANCHOR_FLAGS. -#}
        sum(is_accepted * first_engage_for_agent_ixn) as accepted_unique,
        sum(is_accepted * first_engage_for_agent_thrd) as accepted_thread,
        sum(is_accepted * first_reply_for_agent_ixn) as responded_unique,
        {%- set completed = fixed_key_list('technical_descriptor', [
            'ANSWERED', 'ANSWERED_TRANSFER', 'ANSWERED_CONSULT', 'INITIATED_CONSULT',
            'COMPLETED_INITIATED', 'CONFERENCE_JOINED'
        ]) %}
        sum(
            case
                when is_accepted = 1 and is_online = 1 then 1
                when
                    is_online = 0
                    and interaction_type_key = {{ fixed_key('interaction_type', 'OUTBOUND_REPLY') }}
                    and technical_descriptor_key in ({{ completed }})
                    then 1
                else 0
            end
        ) as responses,
        sum(
            case
                when
                    technical_descriptor_key = {{ fixed_key('technical_descriptor', 'ANSWERED_CONSULT') }}
                    and talk_count > 0
                    and is_online = 1
                    and is_warm = 0
                    then 1
                else 0
            end
        ) as consult_responses,
        sum(
            case
                when
                    ring_count > 0
                    and talk_count = 0
                    and technical_descriptor_key = {{ fixed_key('technical_descriptor', 'REDIRECTED') }}
                    then 1
                else 0
            end
        ) as rejected,
        {#- A consultation received, then the customer taken over or joined (warm). -#}
        {%- for name, measure in [
            ('consult_rcv_acc_warm', 'case when cons_rcv_talk_count > 0 then 1 else 0 end'),
            ('consult_rcv_warm_engage_time', 'cons_rcv_talk_duration'),
            ('consult_rcv_warm_hold', 'case when cons_rcv_hold_count > 0 then 1 else 0 end'),
            ('consult_rcv_warm_hold_time', 'cons_rcv_hold_duration'),
            ('consult_rcv_warm_wrap', 'cons_rcv_acw_count'),
            ('consult_rcv_warm_wrap_time', 'cons_rcv_acw_duration')
        ] %}
        sum(case when is_warm = 1 then {{ measure }} else 0 end) as {{ name }},
        {%- endfor %}
        {%- set short_seconds = var('short_engagement_threshold') %}
        sum(
            case
                when is_accepted = 1 and talk_duration <= {{ short_seconds }} and {{ short_seconds }} > 0
                    then 1
                else 0
            end
        ) as short,
        sum(case when satisfaction is not null then is_accepted else 0 end) as satisfaction_offered,
        sum(coalesce(satisfaction, 0)) as satisfaction,
        sum(case when revenue is not null then is_accepted else 0 end) as revenue_offered,
        sum(coalesce(revenue, 0)) as revenue,
        {{ run_audit_key() }} as create_audit_key,
        {{ run_audit_key() }} as update_audit_key
    from flagged
    where resource_key > {{ cfg_type('person') }} * 100000000
        and resource_key < ({{ cfg_type('person') }} + 1) * 100000000
    group by
        date_time_key, tenant_key, group_combination_key, resource_key, media_type_key,
        interaction_type_key{% for alias in extra_groups %}, {{ alias }}{% endfor %}
{% endmacro %}

{#-
    CTEs `pending`, `stays` and `measured`: the completed queue stays (MEDIATION_SEGMENT_FACT)
    that entered in the pending intervals, with the agent row they were distributed to (ring and
    handle seconds, seconds from entering to the answer) and whether they were answered
    (technical descriptor 14) or abandoned (10 while ringing, 16 while queued).
-#}
{% macro queue_stays() %}
    with pending as (
        select distinct subhr_key from {{ ref('int_agg_pending_intervals') }}
    ),

    segments as (
        select segments.*
        from {{ ref('mediation_segment_fact') }} as segments
        inner join pending on segments.start_date_time_key = pending.subhr_key
        where segments.active_flag = 0
    ),

    {#- An inner join: a stay distributed to no agent (a null key) never enters a hash table. As
        the preserved side of an outer join it would, every null in one bucket: the abandoned
        stays of a month, a skew that made PostgreSQL 16's parallel hash grow past 7 GB. #}
    distributed as (
        select
            segments.mediation_segment_id,
            targets.resource_key as agent_resource_key,
            targets.ring_duration,
            targets.queue_duration,
            targets.talk_duration + targets.hold_duration + targets.after_call_work_duration
                as handle_duration,
            targets.start_ts + targets.ring_duration - segments.start_ts as to_answer
        from segments
        inner join {{ ref('interaction_resource_fact') }} as targets
            on segments.target_ixn_resource_id = targets.interaction_resource_id
    ),

    stays as (
        select
            segments.start_date_time_key as date_time_key,
            segments.tenant_key,
            segments.resource_key,
            segments.media_type_key,
            segments.interaction_type_key,
            segments.technical_descriptor_key,
            segments.short_abandoned_flag,
            segments.met_threshold_flag,
            segments.mediation_duration,
            segments.end_ts - segments.start_ts as stay_duration,
            distributed.agent_resource_key,
            distributed.ring_duration,
            {#- Queued until ringing at the agent; MEDIATION_DURATION runs on until answered. -#}
            coalesce(distributed.queue_duration, segments.mediation_duration) as queued_duration,
            distributed.handle_duration,
            distributed.to_answer,
            queues.resource_name as queue_name
        from segments
        left join {{ ref('resource_') }} as queues on segments.resource_key = queues.resource_key
        left join distributed on segments.mediation_segment_id = distributed.mediation_segment_id
    ),

    measured as (
        select
            *,
            case
                when technical_descriptor_key = {{ fixed_key('technical_descriptor', 'DIVERTED') }} then 1
                else 0
            end as is_accepted,
            case
                when technical_descriptor_key in ({{ fixed_key_list('technical_descriptor', [
                    'ABANDONED_WHILE_RINGING', 'ABANDONED_WHILE_QUEUED'
                ]) }}) then 1
                else 0
            end as is_abandoned
        from stays
    )
{% endmacro %}

{#-
    Seconds of the `index`-th (from 0) service-level bucket of the queue named by the column
    `queue_name`: its own ([gim-aggregate] queue-service-level-buckets) or the default list's.
-#}
{% macro bucket_seconds(index, queue_name) %}
    {%- set default = var('service_level_buckets')[index] -%}
    {%- set per_queue = var('queue_service_level_buckets', {}) -%}
    {%- if per_queue -%}
        case {{ queue_name }}
            {%- for queue, seconds in per_queue.items() %}
                when '{{ queue | replace("'", "''") }}' then {{ seconds[index] }}
            {%- endfor %}
            else {{ default }}
        end
    {%- else -%}
        {{ default }}
    {%- endif -%}
{% endmacro %}
