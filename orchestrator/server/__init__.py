"""`gim server`: the scheduler against the real clock, jobs in child processes, the manager page
and /metrics. `engine` decides and launches, `children` runs job processes, `web` serves HTTP."""
