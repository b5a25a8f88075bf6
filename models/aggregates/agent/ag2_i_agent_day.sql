{{ roll_up('i_agent', 'day') }}
