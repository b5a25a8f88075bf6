{{ roll_up('agent_queue', 'hour') }}
