{{ roll_up('id', 'day') }}
