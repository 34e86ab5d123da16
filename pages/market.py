"""Market: what the postings you imported ask for, and where demand is heading."""

import streamlit as st

from analysis import charts_market as charts
from analysis.demand_cooccurrence import MIN_SHARE_FOR_LIFT
from analysis.market_filter import MarketFilter
from analysis.text_format import day
from ui import actions, cached, columns, filters, frame, skill_scope
from ui.columns import highlight, table
from ui.feedback import fmt_count, md, user_errors

COOC_ORDER = {"both": "Most often", "lift": "Most specific"}


frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Market")
st.caption("Skills named in the job postings you imported: how often, how that changes, which "
           "new terms are spreading, and which skills pay. Narrow the market in the sidebar.")  # fmt: skip

with user_errors(), cached.reads():
    study = cached.attached_study()  # a market study read in place, or None
    if not cached.has("postings") and not (study and study.ok):
        st.info("No job postings yet. On **Import**, add postings (CSV, Excel, JSON, "
                "python-jobspy exports, LinkedIn saved jobs) or paste a job description.")  # fmt: skip
        st.stop()
    if flash := st.session_state.pop("market_flash", None):
        st.success(flash)
    families = cached.role_clusters(MarketFilter()) if cached.clusters_ready() else None
    f = filters.market_filter(families)
    filters.source_caption(f)
    has_text, has_salaries = (study.has_text, study.has_salaries) if f.study else (True, True)
    total = cached.posting_total(f)
    st.markdown(f"**{fmt_count(total)} postings**: {md(filters.described(f, families))}.")
    if not f.study:  # a market study was read with the built-in scope
        skill_scope.choice()
    if not total:
        st.info("No postings match these filters. Widen them in the sidebar.")
        st.stop()

    demand = cached.skill_demand(f)
    tabs = st.tabs(["Top skills", "Trends", "Emerging terms", "Role clusters",
                    "Skills together", "Salary"], key="market_tab", on_change="rerun")  # fmt: skip
    with tabs[0]:
        if tabs[0].open:
            by_category = cached.top_skills_by_category(f)
            # The value stays the category; only its label is escaped.
            category = st.pills("Category", ["All", *by_category["category"].unique()],
                                default="All", format_func=md, key="market_category")  # fmt: skip
            everything = category in (None, "All")
            shown = demand if everything else by_category[by_category["category"] == category]
            # The table lists the chosen category too: every skill of it, the chart its top.
            listed = demand if everything else \
                demand[demand["category"] == category].reset_index(drop=True)  # fmt: skip
            st.plotly_chart(cached.chart(charts.top_skills_bar, shown))
            st.caption("Select a skill in the table to see the postings behind it.")
            picked = table(listed, columns.DEMAND, on_select="rerun", key="demand_table",
                           selection_mode="single-row", height=300)  # fmt: skip
            for row in [r for r in picked.selection.rows[:1] if r < len(listed)]:
                skill_id, name = listed["skill_id"].iloc[row], listed["name"].iloc[row]
                st.markdown(f"**Why {md(name)} was counted**: the newest postings naming it")
                if not has_text:
                    st.info("This market study keeps no posting text: no snippets to show.")
                for ev in cached.skill_evidence(f, skill_id).itertuples() if has_text else ():
                    st.markdown(f"**{md(ev.title)}**, {md(ev.company or '')} ({day(ev.date_posted)}"
                                f"): {highlight(ev.snippet, ev.start, ev.end)}")  # fmt: skip
    with tabs[1]:
        if tabs[1].open:
            trends = cached.skill_trends(f)
            rising, falling = (
                trends[trends["trend"] == "rising"],
                trends[trends["trend"] == "declining"],
            )
            names = dict(zip(trends["skill_id"], trends["name"], strict=True))
            default = [*rising["skill_id"].head(2), *falling["skill_id"].tail(1)]
            chosen = st.multiselect("Skills to follow", list(names), default=default,
                                    format_func=names.get, key="market_trend_skills")  # fmt: skip
            st.plotly_chart(cached.chart(charts.monthly_share_lines,
                                         cached.skill_demand_by_month(f, tuple(chosen))))  # fmt: skip
            st.caption("Shaded bands: 95% intervals; thin months are wide. A skill is called "
                       "rising or declining only when its whole interval is above or below zero."
                       + ("" if f == cached.target_market() else
                          " These trends are the filtered market's; Overview and My skills "
                          "give your target roles' (**My target roles** in the sidebar shows "
                          "those here)."))  # fmt: skip
            st.markdown(f"**Rising ({len(rising)})**")
            table(rising, columns.TRENDS)
            st.markdown(f"**Declining ({len(falling)})**")
            table(falling.iloc[::-1], columns.TRENDS)
    with tabs[2]:
        if tabs[2].open and not has_text:
            st.info("Emerging terms are read from posting text, which this market study does "
                    "not keep. Choose your workspace's postings in the sidebar to see them.")  # fmt: skip
        elif tabs[2].open:
            with st.spinner("Reading the postings for new phrases…"):
                terms = cached.emerging_terms(f)
            st.caption("Phrases no skill in the taxonomy covers, whose share grew most between "
                       "the earlier and the recent half of the postings. Shares are compared "
                       "within each source, and job titles are left out.")  # fmt: skip
            st.plotly_chart(cached.chart(charts.emerging_terms_bar, terms.head(15)))
            table(terms, columns.TERMS)
            if not terms.empty:
                with st.form("add_term"):
                    a, b = st.columns(2)
                    term = a.selectbox("Term", terms["term"], key="add_term_term")
                    category = b.selectbox("Category",
                                           ["Custom", *sorted(demand["category"].unique())])  # fmt: skip
                    if st.form_submit_button("Add to my taxonomy and count it as a skill"):
                        with st.spinner("Adding it and finding it in every posting…"):
                            actions.add_to_taxonomy(term, category)
                        st.session_state["market_flash"] = f"'{md(term)}' is now a skill."
                        st.rerun()
    with tabs[3]:
        if tabs[3].open and f.study:
            st.info("Role clusters are fitted on your workspace's postings and their text; a "
                    "market study has none. Choose your workspace's postings in the sidebar.")  # fmt: skip
        elif tabs[3].open:
            with st.spinner("Grouping postings into role clusters (once after each import)…"):
                clusters = cached.role_clusters(f)
            st.plotly_chart(cached.chart(charts.cluster_sizes_bar, clusters))
            table(clusters, columns.CLUSTERS)
            st.caption("Families of jobs found from the postings' titles, text and skills. Pick "
                       "one as the role cluster in the sidebar to look at it alone.")  # fmt: skip
    with tabs[4]:
        if tabs[4].open:
            names = dict(zip(demand["skill_id"], demand["name"], strict=True))
            left, right = st.columns([2, 1])
            skill = left.selectbox("Skill", list(names), format_func=names.get, key="market_cooc")
            by = right.segmented_control("Order", ["both", "lift"], default="both",
                                         format_func=COOC_ORDER.get, key="market_cooc_by") or "both"  # fmt: skip
            together = cached.cooccurrence(f, skill, by=by)
            st.plotly_chart(cached.chart(charts.cooccurrence_bar, together, names[skill]))
            st.caption("Most often: the share of its postings that name the other skill. Most "
                       "specific: how many times more often than in all postings (lift), among "
                       f"skills in at least {MIN_SHARE_FOR_LIFT:.0%} of its postings.")  # fmt: skip
            table(together, columns.TOGETHER)
    with tabs[5]:
        if tabs[5].open and not has_salaries:
            st.info("This market study keeps no salaries, so there is no salary premium to show.")
        elif tabs[5].open:
            premium = cached.salary_premium(f)
            st.plotly_chart(cached.chart(charts.salary_premium_chart, premium))
            st.caption("What a skill adds to the advertised yearly salary, other skills held "
                       "equal (ridge regression, 90% bootstrap intervals). Skills too few salaried "
                       "postings name are left out.")  # fmt: skip
            table(premium, columns.SALARY)
