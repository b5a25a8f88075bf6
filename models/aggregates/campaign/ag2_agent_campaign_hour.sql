{{ roll_up('agent_campaign', 'hour') }}
