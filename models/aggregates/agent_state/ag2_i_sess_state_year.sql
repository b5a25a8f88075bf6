{{ roll_up('i_sess_state', 'year') }}
