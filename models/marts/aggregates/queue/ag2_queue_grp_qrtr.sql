{{ roll_up() }}
