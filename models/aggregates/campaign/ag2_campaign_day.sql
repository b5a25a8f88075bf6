{{ roll_up('campaign', 'day') }}
