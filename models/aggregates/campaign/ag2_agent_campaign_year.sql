{{ roll_up('agent_campaign', 'year') }}
