"""The global market filter: sidebar widgets that return a MarketFilter shared by every page.

The filter lives in st.session_state["market_filter"] (a frozen, hashable MarketFilter, so the
cached reads key on it). Widgets are drawn from it on every page that calls `market_filter()`,
so a filter set on one page is still set on the next.

When a market study is attached, a control above the filter chooses whose postings the market
is: the workspace's own or the study's (MarketFilter.study); switching clears the filter.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.market_filter import MarketFilter
from ui import cached
from ui.feedback import md

STATE = "market_filter"
SOURCE = "market_source"  # the study / workspace control; kept when the filter is cleared
REMOTE = {"Any": None, "Remote only": True, "Not remote": False}
WORKSPACE_LABEL = "My workspace postings"


def current() -> MarketFilter:
    """The shared filter (the whole workspace until the user sets one)."""
    return st.session_state.get(STATE) or MarketFilter()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _use_target_roles() -> None:
    _set(MarketFilter(roles=cached.target_market().roles))


def _clear() -> None:
    _set(MarketFilter())


def _set(f: MarketFilter) -> None:
    """Make `f` the filter, widgets included. Their values are set, not deleted: a deleted
    widget key took back the value the browser still showed on the next run, so "My target
    roles" and "Clear filter" held for one run only."""
    st.session_state[STATE] = f
    st.session_state.update(_widget_values(f))


def _widget_values(f: MarketFilter) -> dict:
    """The filter widgets' session_state values for `f`; the dates None, to be drawn from the
    filter against the market's date range (_widgets_from)."""
    return {
        "mf_roles": ", ".join(f.roles), "mf_cluster": f.cluster,
        "mf_locations": ", ".join(f.locations),
        "mf_remote": next(label for label, value in REMOTE.items() if value is f.remote),
        "mf_companies": list(f.companies), "mf_dates": None,
    }  # fmt: skip


def _source(saved: MarketFilter) -> bool:
    """Draw the market choice when a study is attached (a warning when its folder is gone);
    True when the study's postings are chosen."""
    study = cached.attached_study()
    if study is None:
        return False
    if not study.ok:
        title, detail = study.problem
        st.warning(f"**{md(title)}**. {md(detail)} Showing your workspace's postings instead.")
        return False
    labels = {False: WORKSPACE_LABEL, True: study.label}
    default = saved.study or not cached.has("postings")
    return st.radio("Market", list(labels), index=int(default), format_func=labels.get,
                    key=SOURCE, on_change=_clear,
                    help="A market study's postings are read in place from its folder")  # fmt: skip


def source_caption(f: MarketFilter) -> None:
    """When a study is attached, a caption saying whose postings the market is."""
    study = cached.attached_study()
    if study is None or not study.ok:
        return
    if not f.study:
        st.caption("Showing the job postings imported into this workspace.")
        return
    st.caption(f"Showing the market study **{md(study.name)}**: {study.postings:,} postings read "
               f"in place from {md(study.path)}, not the postings imported into this workspace.")  # fmt: skip


def market_filter(clusters=None) -> MarketFilter:
    """Draw the filter in the sidebar and return it. ``clusters``: a role_clusters frame whose
    clusters can be chosen (none offered when None or empty, or for a study)."""
    saved = current()
    with st.sidebar:
        study = _source(saved)
    low, high = cached.market_date_range(MarketFilter(study=True)) if study else \
        cached.postings_date_range()  # fmt: skip
    if study:
        clusters = None  # clusters are fitted on the workspace's postings
    names = {}
    if clusters is not None and not clusters.empty:
        names = dict(zip(clusters["cluster_id"].astype(int), clusters["name"], strict=True))
    first, last = (
        (date.fromisoformat(low), date.fromisoformat(high)) if low and high else (None, None)
    )
    _widgets_from(saved, names, first, last)
    s = st.session_state
    with st.sidebar:
        st.markdown("**Market filter**")
        now = st.empty()  # filled once the widgets below are read: the filter this run uses
        # The widgets take their values from session_state alone (see _widgets_from).
        roles = st.text_input("Role keywords in the title", key="mf_roles",
                              placeholder="e.g. analyst, data engineer",
                              help="Comma-separated; a posting matches any of them")  # fmt: skip
        cluster = None
        if names:
            # None, "Any", is no selection to Streamlit: the placeholder names it
            cluster = st.selectbox("Role cluster", [None, *names], key="mf_cluster",
                                   placeholder="Any",
                                   format_func=lambda c: "Any" if c is None else names[c])  # fmt: skip
        locations = st.text_input("Locations", key="mf_locations",
                                  placeholder="e.g. Columbus, Remote",
                                  help="Comma-separated parts of the location")  # fmt: skip
        remote = st.segmented_control("Remote", list(REMOTE), key="mf_remote")
        companies = st.multiselect("Companies", list(s["mf_companies"]), accept_new_options=True,
                                   key="mf_companies",
                                   placeholder="Type a company, press Enter")  # fmt: skip
        dates = ()
        if first and last:
            dates = st.date_input("Posted between", min_value=first, max_value=last,
                                  key="mf_dates", format="DD/MM/YYYY")  # fmt: skip
        a, b = st.columns(2)
        a.button("My target roles", on_click=_use_target_roles, width="stretch")
        b.button("Clear filter", on_click=_clear, width="stretch")
    date_from = dates[0] if len(dates) > 0 and dates[0] != first else None
    date_to = dates[1] if len(dates) > 1 and dates[1] != last else None
    chosen = MarketFilter(roles=_split(roles), cluster=cluster, locations=_split(locations),
                          remote=REMOTE.get(remote), companies=tuple(companies), date_from=date_from,
                          date_to=date_to, study=study)  # fmt: skip
    st.session_state[STATE] = chosen
    now.caption(f"Now: {md(described(chosen, clusters))}.")
    return chosen


def described(f: MarketFilter, clusters=None) -> str:
    """f.describe() with its role cluster named from ``clusters`` (a role_clusters frame)."""
    name = None
    if f.cluster is not None and clusters is not None and not clusters.empty:
        match = clusters.loc[clusters["cluster_id"].astype(int) == f.cluster, "name"]
        name = match.iloc[0] if len(match) else None
    return f.describe(name)


def _widgets_from(saved: MarketFilter, names: dict, first: date | None, last: date | None) -> None:
    """Give each filter widget its value in session_state, from `saved` where it has none
    (Streamlit drops a widget's state on a page that does not draw it), and put a value the
    widget cannot show (a cluster or dates of another market) back to its default."""
    s = st.session_state
    for key, value in _widget_values(saved).items():
        s.setdefault(key, value)
    if s["mf_cluster"] not in names:
        s["mf_cluster"] = None
    if first and last:
        dates = s["mf_dates"] or (saved.date_from or first, saved.date_to or last)
        if not all(first <= d <= last for d in dates):
            dates = (first, last)
        s["mf_dates"] = tuple(dates)
