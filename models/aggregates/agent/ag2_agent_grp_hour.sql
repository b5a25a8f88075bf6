{{ roll_up('agent_grp', 'hour') }}
