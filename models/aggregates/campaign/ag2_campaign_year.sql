{{ roll_up('campaign', 'year') }}
