{{ roll_up('agent_queue', 'day') }}
