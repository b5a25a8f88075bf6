{{ roll_up('queue', 'qrtr') }}
