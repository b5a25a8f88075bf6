{{ roll_up('agent_campaign', 'month') }}
