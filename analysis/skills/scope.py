"""A workspace's skill scope: which mentions in a posting count as demand.

"named" (the default): every skill a posting names, its requirements, the tools its team uses
and its title alike, less the sentences about the employer (sentence_context.py). "asked": only
mentions in sentences that ask something of the candidate (asked.py). Changing the scope
changes the extractor's version, so every posting waits to have its skills found again.
"""

from __future__ import annotations

from analysis.errors import WaypointError
from analysis.skills.asked import SCOPES
from analysis.store import Connection, get_meta, set_meta

META_SCOPE = "skill_scope"
SCOPE_LABELS = {
    "named": "every skill a posting names",
    "asked": "only what a posting asks of the candidate",
}


def skill_scope(con: Connection) -> str:
    """The workspace's skill scope: "named" unless set to "asked"."""
    return get_meta(con, META_SCOPE) or "named"


def counts_asked(con: Connection) -> bool:
    return skill_scope(con) == "asked"


def set_skill_scope(con: Connection, scope: str) -> bool:
    """Keep `scope` as the workspace's; True when it changed (postings then wait to have their
    skills found again). WaypointError for a scope other than "named" or "asked"."""
    if scope not in SCOPES:
        raise WaypointError("Unknown skill scope", f"{scope!r}: choose {' or '.join(SCOPES)}")
    if scope == skill_scope(con):
        return False
    set_meta(con, META_SCOPE, scope)
    return True
