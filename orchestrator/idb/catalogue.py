"""The IDB contract: every table and column the Info Mart reads, under the original's names.

This catalogue is the single source: `orchestrator/idb/schema.sql` and the table sections of
`docs/idb.md` are rendered from it (`python -m orchestrator.idb.render`), and a test checks that
the committed files match. Names are lower case, as PostgreSQL folds the original's unquoted names.
"""

from __future__ import annotations

from .schema_model import Table
from .tables_agents import AGENT_ACTIVITY
from .tables_config import CONFIGURATION
from .tables_control import CONTROL
from .tables_interactions import INTERACTIONS
from .tables_outbound import OUTBOUND

#: ICON's providers (its `role` values): which part of ICON writes a table.
PROVIDERS = {
    "cfg": "configuration (Configuration Server)",
    "gcc": "calls, parties and interaction records (T-Server, Interaction Server)",
    "gls": "agent login sessions and states",
    "gud": "attached (user) data",
    "gos": "outbound (OCS)",
    "icon": "ICON's own control tables",
}

TABLES: tuple[Table, ...] = (*CONFIGURATION, *INTERACTIONS, *AGENT_ACTIVITY, *OUTBOUND, *CONTROL)
TABLE_BY_NAME = {table.name: table for table in TABLES}
