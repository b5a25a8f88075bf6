"""Job_TransformGIM's stage: the run's window and vars, the error policies, its bookkeeping; the
transformation itself is the dbt project's models."""
