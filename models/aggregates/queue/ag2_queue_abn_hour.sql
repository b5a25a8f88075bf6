{{ roll_up('queue_abn', 'hour') }}
