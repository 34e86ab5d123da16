"""The market a user is looking at: which postings every market query counts.

A `MarketFilter` is a frozen, hashable value (so dashboard caches can key on it) that turns
itself into a parameterised SQL condition over the `postings` table. User text only ever
travels as a parameter, never inside the SQL string.

`study=True` asks for the market study attached to the workspace instead of its own postings:
such a filter runs through `analysis.market_source` (which opens the study and hands the
queries a filter without the flag); any query given it directly refuses it (see `where`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from analysis.text_format import day


def _texts(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """A tuple of trimmed, non-empty strings (a single string is one item), order kept."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _day(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return date.fromisoformat(value)
    if hasattr(value, "date") and callable(value.date):  # datetime, pandas Timestamp
        return value.date()
    return value


@dataclass(frozen=True)
class MarketFilter:
    """Which postings count. Every part is optional; an empty filter is the whole workspace.

    - roles: keywords, any of which must appear in the title (case-insensitive substring);
    - cluster: a role-cluster id from `role_clusters` (postings assigned to that cluster);
    - locations: any of these substrings in the location (case-insensitive);
    - remote: True = remote postings only, False = postings not marked remote, None = both;
    - companies: any of these company names (case-insensitive, whole name);
    - date_from / date_to: inclusive bounds on date_posted (undated postings are then excluded);
    - study: read the attached market study's postings instead of the workspace's own.
    """

    roles: tuple[str, ...] = ()
    cluster: int | None = None
    locations: tuple[str, ...] = ()
    remote: bool | None = None
    companies: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    study: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "roles", _texts(self.roles))
        set_(self, "locations", _texts(self.locations))
        set_(self, "companies", _texts(self.companies))
        set_(self, "date_from", _day(self.date_from))
        set_(self, "date_to", _day(self.date_to))
        if self.cluster is not None:
            set_(self, "cluster", int(self.cluster))
        if self.remote is not None:
            set_(self, "remote", bool(self.remote))
        set_(self, "study", bool(self.study))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")

    def where(self, alias: str = "p") -> tuple[str, list]:
        """(SQL condition over `postings AS alias`, parameters). "TRUE" when nothing is set.

        `alias` must be a plain identifier chosen by the caller, never user input. A study
        filter is refused: it is answered on the study's connection (analysis.market_source),
        never from the workspace's postings.
        """
        if not alias.isidentifier():
            raise ValueError(f"bad table alias {alias!r}")
        if self.study:
            raise ValueError(
                "a study filter runs on the study: analysis.market_source.run_market(con, ...)"
            )
        a = alias
        parts: list[str] = []
        params: list = []
        if self.roles:
            parts.append(
                "(" + " OR ".join(f"contains(lower({a}.title), ?)" for _ in self.roles) + ")"
            )
            params += [r.lower() for r in self.roles]
        if self.locations:
            parts.append(
                "(" + " OR ".join(f"contains(lower({a}.location), ?)" for _ in self.locations) + ")"
            )
            params += [loc.lower() for loc in self.locations]
        if self.companies:
            marks = ", ".join("?" for _ in self.companies)
            # Runs of blanks count as one, as in what the user typed ("Acme  Corp").
            parts.append(f"lower(regexp_replace(trim({a}.company), '\\s+', ' ', 'g')) IN ({marks})")
            params += [c.lower() for c in self.companies]
        if self.remote is True:
            parts.append(f"{a}.is_remote")
        elif self.remote is False:
            parts.append(f"NOT coalesce({a}.is_remote, FALSE)")
        if self.date_from is not None:
            parts.append(f"{a}.date_posted >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            parts.append(f"{a}.date_posted <= ?")
            params.append(self.date_to)
        if self.cluster is not None:
            parts.append(
                f"{a}.posting_id IN (SELECT posting_id FROM posting_clusters WHERE cluster_id = ?)"
            )
            params.append(self.cluster)
        return (" AND ".join(parts) if parts else "TRUE"), params

    @property
    def is_empty(self) -> bool:
        """True when the filter selects every posting."""
        return self == MarketFilter()

    @property
    def month_aligned(self) -> bool:
        """True when only whole calendar months are selected by date, and nothing else is set.

        Such a filter can be answered from the monthly aggregates instead of the postings.
        """
        if replace(self, date_from=None, date_to=None) != MarketFilter():
            return False
        if self.date_from is not None and self.date_from.day != 1:
            return False
        if self.date_to is not None:
            last = calendar.monthrange(self.date_to.year, self.date_to.month)[1]
            if self.date_to.day != last:
                return False
        return True

    def describe(self, cluster_name: str | None = None) -> str:
        """A short human description, e.g. "titles with data; remote; 1 Jan 2024 to 30 Jun 2024";
        the role cluster by `cluster_name` when given (the filter holds only its number)."""
        parts = []
        if self.roles:
            parts.append("titles with " + " or ".join(self.roles))
        if self.cluster is not None:
            parts.append(f"role cluster “{cluster_name}”" if cluster_name
                         else f"role cluster {self.cluster}")  # fmt: skip
        if self.locations:
            parts.append("in " + " or ".join(self.locations))
        if self.remote is True:
            parts.append("remote")
        elif self.remote is False:
            parts.append("not remote")
        if self.companies:
            parts.append("at " + ", ".join(self.companies))
        if self.date_from or self.date_to:
            parts.append(f"{day(self.date_from) or '…'} to {day(self.date_to) or '…'}")
        return "; ".join(parts) if parts else "all postings"
