{{ roll_up('id', 'month') }}
