{{ roll_up('agent', 'month') }}
