{#-
    Agents whose agent-group membership changed since the last completed transform, and from
    when: the creation of a membership written since, or the deletion of one updated since. The
    facts of their sessions and interactions from then on name another group combination
    (int_agent_group_combinations), so they are rebuilt.
-#}
select
    agent_dbid,
    min(
        case
            when {{ changed_since_last_transform('create_audit_key') }} then created_ts
            else deleted_ts
        end
    ) as changed_from_ts
from {{ ref('stg_gidb__gcx_group_agent') }}
where {{ changed_since_last_transform() }}
group by agent_dbid
