{{ roll_up('id', 'hour') }}
