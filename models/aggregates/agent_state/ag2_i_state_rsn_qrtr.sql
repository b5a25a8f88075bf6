{{ roll_up('i_state_rsn', 'qrtr') }}
