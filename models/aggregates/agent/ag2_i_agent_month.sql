{{ roll_up('i_agent', 'month') }}
