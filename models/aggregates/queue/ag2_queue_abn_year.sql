{{ roll_up('queue_abn', 'year') }}
