{{ roll_up('agent_grp', 'month') }}
