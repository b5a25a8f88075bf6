{{ roll_up('queue', 'day') }}
