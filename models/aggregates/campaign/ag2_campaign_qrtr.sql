{{ roll_up('campaign', 'qrtr') }}
