{{ roll_up('agent_queue', 'year') }}
