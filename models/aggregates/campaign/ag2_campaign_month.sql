{{ roll_up('campaign', 'month') }}
