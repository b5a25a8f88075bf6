{{ roll_up('queue_abn', 'day') }}
