"""The sidebar's workspace picker: the demo, your own workspace, a coach's client workspaces,
and a form to start a new one."""

from __future__ import annotations

import streamlit as st

from analysis.errors import WaypointError
from ui import data


def show() -> None:
    choices = list(data.workspace_choices())
    if st.session_state.get("workspace_choice") not in (None, *choices):
        del st.session_state["workspace_choice"]  # its file was moved away
    st.radio(
        "Workspace",
        choices,
        index=choices.index(data.default_choice()),
        key="workspace_choice",
        help="The demo holds a made-up 56-year-old's career data. Import your own exports "
        "into 'My workspace'; a coach keeps one workspace per client.",
    )
    st.caption(f"File: `{data.current_path()}`")
    with st.expander("New workspace"):
        with st.form("new_workspace", clear_on_submit=True, border=False):
            st.text_input("Name", key="new_workspace_name", placeholder="e.g. anna-schmidt",
                          help="A workspace of its own, e.g. for a client you coach; it is a "
                          "file beside your own workspace.")  # fmt: skip
            st.form_submit_button("Create", on_click=_create)
        if problem := st.session_state.pop("new_workspace_problem", None):
            st.error(problem)


def _create() -> None:
    name = st.session_state.get("new_workspace_name", "")
    try:
        data.create_workspace(name)
    except WaypointError as exc:
        st.session_state["new_workspace_problem"] = str(exc)
