"""Market: which mentions count as demand (the workspace's skill scope), shown and changed.

Changing it finds every posting's skills again, with progress, before the page shows them."""

from __future__ import annotations

import streamlit as st

from analysis.skills.scope import SCOPE_LABELS
from ui import data
from ui.feedback import user_errors

KEY = "skill_scope_choice"


def choice() -> None:
    """An expander naming the scope in use, with the other one to pick."""
    scope = data.status().get("skill_scope", "named")
    with st.expander(f"Counting {SCOPE_LABELS[scope]}. Change what counts"):
        chosen = st.radio(
            "Count as demand",
            list(SCOPE_LABELS),
            index=list(SCOPE_LABELS).index(scope),
            format_func=lambda s: SCOPE_LABELS[s].capitalize(),
            key=KEY,
        )
        st.caption(
            "Every skill a posting names counts by default: its requirements, the tools its "
            "team uses and its title alike (never its benefits, its equal-opportunity text or "
            "what the employer sells). Counting only what a posting asks of the candidate also "
            "leaves out sentences that describe the team, the product or the company. On real "
            "postings judged by hand, 92% of what it counts is asked of the candidate (90% "
            "otherwise), but it misses about one requirement in ten, mostly ones written as a "
            "description of the work."
        )
        st.button(
            "Count this way", on_click=_apply, disabled=chosen == scope, key="skill_scope_apply"
        )


def _apply() -> None:
    from analysis.skills.scope import set_skill_scope
    from ui.importing import refresh_with_progress  # the import machinery: only when used

    scope = st.session_state[KEY]
    with user_errors(), data.writing() as con:
        if set_skill_scope(con, scope):
            bar = st.progress(0.0, text="Finding skills…")
            refresh_with_progress(con, bar)
            bar.empty()  # done: the page below shows the skills found
            st.session_state["market_flash"] = (
                f"Skills found again, counting {SCOPE_LABELS[scope]}."
            )
