{{ roll_up('agent', 'year') }}
