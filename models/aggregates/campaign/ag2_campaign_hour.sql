{{ roll_up('campaign', 'hour') }}
