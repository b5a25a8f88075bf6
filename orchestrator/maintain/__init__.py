"""Job_MaintainGIM and Job_UpdateStats: retention purge, calendar upkeep, statistics."""
