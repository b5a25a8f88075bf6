{{ roll_up('agent_queue', 'qrtr') }}
