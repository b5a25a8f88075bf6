{{ roll_up('agent', 'day') }}
