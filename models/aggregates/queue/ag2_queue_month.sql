{{ roll_up('queue', 'month') }}
