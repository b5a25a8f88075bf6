{{ roll_up('agent_grp', 'qrtr') }}
