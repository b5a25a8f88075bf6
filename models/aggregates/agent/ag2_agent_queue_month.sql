{{ roll_up('agent_queue', 'month') }}
