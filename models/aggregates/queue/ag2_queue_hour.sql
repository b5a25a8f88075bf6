{{ roll_up('queue', 'hour') }}
