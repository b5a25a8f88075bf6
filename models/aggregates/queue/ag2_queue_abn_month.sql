{{ roll_up('queue_abn', 'month') }}
