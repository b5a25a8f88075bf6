{{ roll_up('i_agent', 'hour') }}
