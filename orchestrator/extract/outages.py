"""What an unreachable IDB means for the extraction, by the Business Continuity guide's rule.
Pure logic.

- An IDB of a redundant set whose partner answers: its partner serves its data sources.
- An IDB (or a whole redundant set) that does not answer, less than extract-data-stuck-threshold
  behind: its data waits for it; the other IDBs are extracted, and the job fails naming it.
- Past the threshold: extraction goes on without it (a warning). When it answers again, each of its
  sources is read only from the threshold back from its newest data; what lies before is left
  behind, and recorded.
- An IDB never read yet is never judged stuck: the job fails until it answers.

"Behind" is measured in data time, as the lag warnings are: from the IDB's newest mark to the
newest data read this run from the IDBs that answered (the clock when none did).
"""

from __future__ import annotations

from dataclasses import dataclass

PARTNER, WAITS, STUCK, NEVER_READ = "PARTNER", "WAITS", "STUCK", "NEVER_READ"


@dataclass(frozen=True)
class Verdict:
    idb: str
    kind: str
    line: str
    behind: int | None = None

    @property
    def fails_the_job(self) -> bool:
        return self.kind in (WAITS, NEVER_READ)


def judge_unreachable(
    idb: str,
    reason: str,
    partners_answering: list[str],
    newest_mark: int | None,
    clock: int,
    threshold: int,
) -> Verdict:
    """The verdict on one IDB that did not answer this run."""
    if partners_answering:
        return Verdict(
            idb,
            PARTNER,
            f"IDB {idb} cannot be reached ({reason}): its HA partner"
            f" {', '.join(partners_answering)} serves its data sources",
        )
    if newest_mark is None:
        return Verdict(
            idb,
            NEVER_READ,
            f"IDB {idb} cannot be reached ({reason}) and was never read: extraction needs it once",
        )
    behind = max(clock - newest_mark, 0)
    if behind < threshold:
        return Verdict(
            idb,
            WAITS,
            f"IDB {idb} cannot be reached ({reason}): its data waits for it ({behind} s behind,"
            f" extract-data-stuck-threshold {threshold} s); the other IDBs were extracted",
            behind,
        )
    return Verdict(
        idb,
        STUCK,
        f"WARNING: IDB {idb} cannot be reached ({reason}), {behind} s behind, past"
        f" extract-data-stuck-threshold {threshold} s: extraction goes on without it; when it"
        f" answers, each of its sources is read from {threshold} s before its newest data and"
        " the range left behind is recorded (CTL_EXTRACT_GAP)",
        behind,
    )


def skipped_range(mark: int, horizon: int, threshold: int) -> tuple[int, int] | None:
    """The range a returning stuck IDB's source leaves behind: from its mark to `threshold`
    before its newest data; None when the mark is within the threshold."""
    floor = horizon - threshold
    return (mark, floor) if mark < floor else None
