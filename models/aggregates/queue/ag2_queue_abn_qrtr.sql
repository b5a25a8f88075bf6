{{ roll_up('queue_abn', 'qrtr') }}
