{{ roll_up('queue_acc_agent', 'hour') }}
