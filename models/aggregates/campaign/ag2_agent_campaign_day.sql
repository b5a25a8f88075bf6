{{ roll_up('agent_campaign', 'day') }}
