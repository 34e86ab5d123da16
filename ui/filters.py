"""The global market filter: sidebar widgets that return a MarketFilter shared by every page.

The filter lives in st.session_state["market_filter"] (a frozen, hashable MarketFilter, so the
cached reads key on it). Widgets are drawn from it on every page that calls `market_filter()`,
so a filter set on one page is still set on the next.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.market_filter import MarketFilter
from ui import cached

STATE = "market_filter"
REMOTE = {"Any": None, "Remote only": True, "Not remote": False}


def current() -> MarketFilter:
    """The shared filter (the whole workspace until the user sets one)."""
    return st.session_state.get(STATE) or MarketFilter()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _use_target_roles() -> None:
    st.session_state[STATE] = MarketFilter(roles=cached.target_market().roles)
    for key in [k for k in st.session_state if str(k).startswith("mf_")]:
        del st.session_state[key]


def _clear() -> None:
    st.session_state[STATE] = MarketFilter()
    for key in [k for k in st.session_state if str(k).startswith("mf_")]:
        del st.session_state[key]


def market_filter(clusters=None) -> MarketFilter:
    """Draw the filter in the sidebar and return it. ``clusters``: a role_clusters frame whose
    clusters can be chosen (none offered when None or empty)."""
    saved = current()
    low, high = cached.postings_date_range()
    with st.sidebar:
        st.markdown("**Market filter**")
        st.caption(f"Now: {saved.describe()}.")
        roles = st.text_input("Role keywords in the title", ", ".join(saved.roles), key="mf_roles",
                              placeholder="e.g. analyst, data engineer",
                              help="Comma-separated; a posting matches any of them")  # fmt: skip
        cluster = None
        if clusters is not None and not clusters.empty:
            names = dict(zip(clusters["cluster_id"].astype(int), clusters["name"], strict=True))
            options = [None, *names]
            cluster = st.selectbox(
                "Role cluster", options, format_func=lambda c: "Any" if c is None else names[c],
                index=options.index(saved.cluster) if saved.cluster in options else 0,
                key="mf_cluster")  # fmt: skip
        locations = st.text_input("Locations", ", ".join(saved.locations), key="mf_locations",
                                  placeholder="e.g. Columbus, Remote",
                                  help="Comma-separated parts of the location")  # fmt: skip
        remote = st.segmented_control(
            "Remote", list(REMOTE), key="mf_remote",
            default=next(label for label, value in REMOTE.items() if value is saved.remote))  # fmt: skip
        companies = st.multiselect("Companies", list(saved.companies), default=saved.companies,
                                   accept_new_options=True, key="mf_companies",
                                   placeholder="Type a company, press Enter")  # fmt: skip
        dates, first, last = (), None, None
        if low and high:
            first, last = date.fromisoformat(low), date.fromisoformat(high)
            dates = st.date_input("Posted between", (saved.date_from or first,
                                                     saved.date_to or last),
                                  min_value=first, max_value=last, key="mf_dates",
                                  format="DD/MM/YYYY")  # fmt: skip
        a, b = st.columns(2)
        a.button("My target roles", on_click=_use_target_roles, width="stretch")
        b.button("Clear filter", on_click=_clear, width="stretch")
    date_from = dates[0] if len(dates) > 0 and dates[0] != first else None
    date_to = dates[1] if len(dates) > 1 and dates[1] != last else None
    chosen = MarketFilter(roles=_split(roles), cluster=cluster, locations=_split(locations),
                          remote=REMOTE.get(remote), companies=tuple(companies), date_from=date_from,
                          date_to=date_to)  # fmt: skip
    st.session_state[STATE] = chosen
    return chosen
