{{ roll_up('queue', 'year') }}
