{{ roll_up('i_sess_state', 'day') }}
