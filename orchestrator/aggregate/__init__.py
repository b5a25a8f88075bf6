"""Job_AggregateGIM's stage: which periods to rebuild, -insertPendingAgg requests, bookkeeping;
the aggregates themselves are the dbt project's AG2_* models."""
