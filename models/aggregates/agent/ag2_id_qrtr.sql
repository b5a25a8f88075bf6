{{ roll_up('id', 'qrtr') }}
