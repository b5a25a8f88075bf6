{{ roll_up('agent_campaign', 'qrtr') }}
