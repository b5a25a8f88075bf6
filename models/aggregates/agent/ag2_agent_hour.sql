{{ roll_up('agent', 'hour') }}
