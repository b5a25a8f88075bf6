"""The vocabulary of the IDB catalogue: columns, tables and the original's conventions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str
    mandatory: bool = False
    codes: str | None = None  # a CodeDomain name in orchestrator.idb.codes
    #: For a text column, the personal data it may hold (orchestrator.gdpr.kinds).
    pii: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    provider: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    inferred: bool = False  # columns beyond the reference notes are ours ([INF])
    #: Columns that identify the row in any IDB (IDs differ between the IDBs of an HA pair).
    natural_key: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


def col(
    name: str,
    type_: str,
    doc: str,
    *,
    m: bool = False,
    codes: str | None = None,
    pii: str | None = None,
) -> Column:
    return Column(name, type_, doc, m, codes, pii)


def moment(prefix: str, doc: str, *, m: bool = False) -> tuple[Column, ...]:
    """The original's time triple: GMT datetime, UTC epoch seconds, G_TIMECODE reference."""
    return (
        col(prefix, "timestamp", f"{doc} (GMT).", m=m),
        col(f"{prefix}_ts", "integer", f"{doc}, UTC epoch seconds (milliseconds truncated).", m=m),
        col(f"{prefix}_tcode", "integer", f"{doc}: reference to G_TIMECODE (not used)."),
    )


def identity(doc: str = "Autonumbered record ID.") -> Column:
    return col("id", "bigserial", doc, m=True)


#: The system columns every operational table ends with.
GSYS = (
    col(
        "gsys_domain",
        "integer",
        "DSS_ID of the data-source session active when ICON wrote the row.",
    ),
    col("gsys_partition", "integer", "Partitioning key (reserved)."),
    col("gsys_sys_id", "integer", "Reserved."),
    col("gsys_seq", "bigint", "Insert sequence from G_PROV_CONTROL (not unique)."),
    col("gsys_useq", "bigint", "Update sequence from G_PROV_CONTROL (not unique)."),
    col("gsys_ts", "timestamp", "Reserved."),
    col("gsys_tc", "integer", "Reserved."),
    col("gsys_ext_vch1", "varchar(255)", "Table-specific extension (reserved).", pii="none"),
    col("gsys_ext_vch2", "varchar(255)", "Table-specific extension (reserved).", pii="none"),
    col("gsys_ext_int1", "integer", "Configuration tables: 0 when CREATED/DELETED are reliable."),
    col("gsys_ext_int2", "integer", "Table-specific extension (reserved)."),
)

CALLID_DOC = "Call UUID (IxnGUID) → G_CALL.CALLID."
PARTYID_DOC = "Party → G_PARTY.PARTYID."
SESSION_DOC = "Agent login session (GUID) → G_LOGIN_SESSION.LOGINSESSIONID."


def config_table(name: str, doc: str, columns: tuple[Column, ...], **kw: object) -> Table:
    """A GC_* table: Configuration Server object with its status and history triples."""
    return Table(
        name,
        "cfg",
        doc,
        (
            col("id", "integer", "DBID of the object in Configuration Server.", m=True),
            *columns,
            col(
                "state", "integer", "Enabled in Configuration Server.", m=True, codes="config_state"
            ),
            col("status", "integer", "Current or deleted.", m=True, codes="config_status"),
            *moment("created", "When the object was created"),
            *moment("deleted", "When the object was deleted; null while it exists"),
            *moment("lastchange", "When the object last changed"),
            *GSYS,
        ),
        **kw,  # type: ignore[arg-type]
    )


def link_table(name: str, doc: str, columns: tuple[Column, ...], **kw: object) -> Table:
    """A GCX_* association between two configuration objects."""
    return Table(
        name,
        "cfg",
        doc,
        (
            identity(),
            *columns,
            col("status", "integer", "Current or deleted.", m=True, codes="config_status"),
            *moment("created", "When the association was made"),
            *moment("deleted", "When it was removed; null while it exists"),
            *GSYS,
        ),
        **kw,  # type: ignore[arg-type]
    )


def tenant_id(m: bool = True) -> Column:
    return col("tenantid", "integer", "Tenant DBID → GC_TENANT.ID.", m=m)


def operational_table(
    name: str, provider: str, doc: str, columns: tuple[Column, ...], **kw: object
) -> Table:
    """An operational table: its own columns, then the system columns."""
    return Table(name, provider, doc, (*columns, *GSYS), **kw)  # type: ignore[arg-type]
