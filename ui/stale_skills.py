"""The sidebar's notice when postings wait for their skills to be found: after Waypoint was
updated (a new built-in taxonomy or context rules), or an import was interrupted. The pages
would show skills found with the old taxonomy; one click finds them again, with progress."""

from __future__ import annotations

import streamlit as st

from analysis.errors import WaypointError
from analysis.text_format import skills_pending_text
from ui import data
from ui.feedback import user_errors


def show() -> None:
    try:
        pending = data.status().get("skills_pending", 0)
    except WaypointError:
        return  # a workspace in use or unreadable: the page says so
    if not pending:
        return
    st.warning(f"{skills_pending_text(pending)}. Until then the pages show skills found with "
               "the taxonomy they were imported with.")  # fmt: skip
    # A callback: it runs before the page, which then shows the skills found.
    st.button("Find skills now", key="find_skills_now", width="stretch", on_click=_find_skills)


def _find_skills() -> None:
    from ui.importing import refresh_with_progress  # the import machinery: only when used

    with user_errors(), data.writing() as con:
        bar = st.progress(0.0, text="Finding skills…")
        refresh_with_progress(con, bar)
        bar.empty()  # done: the page below shows the skills found
