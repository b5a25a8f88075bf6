{{ roll_up('i_state_rsn', 'day') }}
