{{ roll_up('i_agent', 'qrtr') }}
