"""What makes an IDB row unusable, as SQL over a table's rows (aliased `t`): the row-level checks
Job_ExtractICON applies before a row reaches GIDB (docs/idb.md, "Rows extraction refuses").

Each check is a condition, a reason code and the reason in words (SQL, so it can name the value).
The first check a row fails decides its reason; a row that fails none may still lose to a
duplicate of its natural key (DUPLICATE_KEY, decided over the whole backlog in copy.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from ..gidb.schema import GidbTable
from ..idb.codes import DOMAIN_BY_NAME

#: Nothing ICON writes predates 1990: an earlier moment is a broken clock or a zero.
EARLIEST_MOMENT = 631_152_000
#: How far ahead of the Info Mart's clock a moment may be before it is refused as absurd (a row
#: up to this far ahead waits for its time, in case ICON's host clock runs ahead).
FUTURE_TOLERANCE_SECONDS = 86_400
#: Code columns left to Job_TransformGIM's inconsistent-data policy, which can load an unknown
#: value as Unknown (fix-up): the outbound attempt codes its dimensions decode.
POLICY_CODES = frozenset(
    {
        ("go_chainrec_hist", "callresult"),
        ("go_chainrec_hist", "contactinfotype"),
        ("go_chainrec_hist", "recordtype"),
        ("go_chainrec_hist", "recordstatus"),
    }
)
#: Open domains: sites add their own values (multimedia media types are configured objects).
OPEN_DOMAINS = frozenset({"media_type"})


@dataclass(frozen=True)
class RowCheck:
    condition: sql.Composable
    reason_code: str
    reason: sql.Composable


def _column(name: str) -> sql.Composable:
    return sql.SQL("t.{}").format(sql.Identifier(name))


def _text(name: str) -> sql.Composable:
    return sql.SQL("coalesce(t.{}::text, 'null')").format(sql.Identifier(name))


def row_checks(table: GidbTable) -> list[RowCheck]:
    """The checks of `table`'s IDB rows, in the order they decide the reason."""
    source = table.source
    copied = set(table.copied_columns)
    checks = [
        RowCheck(
            sql.SQL(" or ").join(
                sql.SQL("{} is null").format(_column(c)) for c in source.natural_key
            ),
            "NO_NATURAL_KEY",
            sql.Literal(
                f"{', '.join(source.natural_key)} must all be set to copy it to {table.name}"
            ),
        )
    ]
    for column in source.columns:
        if column.mandatory and column.name in copied and column.name not in source.natural_key:
            checks.append(
                RowCheck(
                    sql.SQL("{} is null").format(_column(column.name)),
                    "MISSING_VALUE",
                    sql.Literal(f"{column.name} is null; the IDB contract requires it"),
                )
            )
    for column in source.columns:
        if (
            column.codes is None
            or column.codes in OPEN_DOMAINS
            or (source.name, column.name) in POLICY_CODES
            or column.name not in copied
        ):
            continue
        values = sorted(int(code) for code in DOMAIN_BY_NAME[column.codes].codes)
        checks.append(
            RowCheck(
                sql.SQL("{} not in ({})").format(
                    _column(column.name), sql.SQL(", ").join(map(sql.Literal, values))
                ),
                "UNKNOWN_CODE",
                sql.SQL("{} || {} || {}").format(
                    sql.Literal(f"{column.name} "),
                    _text(column.name),
                    sql.Literal(f" is not a {column.codes} code (docs/idb.md)"),
                ),
            )
        )
    moments = table.moments
    if moments:
        checks.append(
            RowCheck(
                sql.SQL("coalesce({}) is null").format(sql.SQL(", ").join(map(_column, moments))),
                "NO_TIMESTAMP",
                sql.Literal(f"{', '.join(moments)} are all null: no time to extract it by"),
            )
        )
    for moment in moments:
        if source.provider != "cfg":  # configuration history may start from an unknown zero
            checks.append(
                RowCheck(
                    sql.SQL("{} < {}").format(_column(moment), sql.Literal(EARLIEST_MOMENT)),
                    "BAD_TIMESTAMP",
                    sql.SQL("{} || {} || {}").format(
                        sql.Literal(f"{moment} "), _text(moment), sql.Literal(" is before 1990")
                    ),
                )
            )
        checks.append(
            RowCheck(
                sql.SQL("{} > %(future_limit)s").format(_column(moment)),
                "BAD_TIMESTAMP",
                sql.SQL("{} || {} || {}").format(
                    sql.Literal(f"{moment} "),
                    _text(moment),
                    sql.Literal(
                        f" is more than {FUTURE_TOLERANCE_SECONDS} s ahead of the Info Mart's clock"
                    ),
                ),
            )
        )
    for moment in moments[1:]:
        checks.append(
            RowCheck(
                sql.SQL("{} < {}").format(_column(moment), _column(moments[0])),
                "REVERSED_TIMES",
                sql.SQL("{} || {} || {} || {}").format(
                    sql.Literal(f"{moment} "),
                    _text(moment),
                    sql.Literal(f" is before {moments[0]} "),
                    _text(moments[0]),
                ),
            )
        )
    return checks


def verdict_sql(checks: list[RowCheck]) -> tuple[sql.Composable, sql.Composable]:
    """SQL for a row's reason code and reason: those of the first check it fails, else null."""
    code = sql.SQL("case {} end").format(
        sql.SQL(" ").join(
            sql.SQL("when {} then {}").format(check.condition, sql.Literal(check.reason_code))
            for check in checks
        )
    )
    reason = sql.SQL("case {} end").format(
        sql.SQL(" ").join(
            sql.SQL("when {} then {}").format(check.condition, check.reason) for check in checks
        )
    )
    return code, reason
