{{ roll_up('i_agent', 'year') }}
