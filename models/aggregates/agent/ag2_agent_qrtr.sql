{{ roll_up('agent', 'qrtr') }}
