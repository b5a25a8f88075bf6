{{ roll_up('id', 'year') }}
