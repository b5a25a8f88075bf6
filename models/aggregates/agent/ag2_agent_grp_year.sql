{{ roll_up('agent_grp', 'year') }}
