"""Every page runs inside app.py's frame, even when a deep link is a fresh server's first request.

Streamlit treats a `pages/` folder beside the entry point as a legacy multipage app until the
entry point first calls `st.navigation` in the server process (PagesManager's class-wide
`uses_pages_directory` flag, read by the script runner before each run). So on a freshly started
server, a first request for /market runs pages/market.py by auto-discovery: no app.py, no
sidebar frame, Streamlit's own page list. No configuration option turns that discovery off
(`client.showSidebarNavigation` only hides the list; it would hide ours too), and the design
keeps the `pages/` folder. `ensure()` is each page's first call: in such a legacy run, when the
session has not seen app.py yet (so no widget event can be lost), it turns the legacy mode off,
as `st.navigation` does, and reruns; the rerun executes app.py, whose navigation resolves the
same URL to the same page (a page's id is the hash of its url path). `mark()` is app.py's note
that the session has run the frame. (AppTest resets the legacy flag before every run, so its
later runs stay frameless, as they were without this module.)
"""

from __future__ import annotations

import streamlit as st

_SEEN = "_frame_seen"


def mark() -> None:
    """Note that this session ran app.py's frame."""
    st.session_state[_SEEN] = True


def ensure() -> None:
    """Rerun through app.py when Streamlit ran this page by legacy pages/ discovery as the
    session's first run."""
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False) and not st.session_state.get(_SEEN):
        PagesManager.uses_pages_directory = False
        st.rerun()
