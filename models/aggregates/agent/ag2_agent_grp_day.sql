{{ roll_up('agent_grp', 'day') }}
