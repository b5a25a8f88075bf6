"""The one writer of the control tables (CTL_*, STG_*): job, audit, extraction and transform
history, data-source sessions, discards, FK violations, view definitions, schema version.

No other module inserts into, updates or deletes from them (tests/unit/test_architecture.py).
Each write is its own committed statement on an autocommit connection, or joins the caller's open
transaction where it must commit with the rows it describes (an extraction chunk, a merge).
"""
