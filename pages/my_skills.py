"""My skills: the profile, which skills are fading, what to learn next, market fit, match."""

import streamlit as st

from analysis import charts_skills as charts
from analysis.text_format import recent_base_text
from ui import actions, cached, columns, frame
from ui.atrophy_weights import risk_weights_form
from ui.columns import table
from ui.feedback import fit_metric, fmt_count, plan_markdown, user_errors

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("My skills")

with user_errors(), cached.reads():
    st.caption(f"Your skills measured against your target market, {cached.target_phrase()}: "
               "which are fading, what to learn next, and how well you fit.")  # fmt: skip

with user_errors(), cached.reads():
    if flash := st.session_state.pop("skills_flash", None):
        st.success(flash)
    atrophy, fit = cached.atrophy_risk(), cached.market_fit()
    if atrophy.empty:
        st.info("No skills yet. On **Import**, add your LinkedIn export ZIP (or `Skills.csv` and "
                "`Positions.csv`) or a profile CSV/YAML, or type your skills in the table below.")  # fmt: skip
    if not cached.has("postings"):
        st.info("No job postings yet: import postings on **Import** to measure your skills "
                "against the market.")  # fmt: skip

    at_risk = int((atrophy["label"] == "at risk").sum())
    a, b, c = st.columns(3)
    a.metric("Market fit", *fit_metric(fit, has_skills=not atrophy.empty),
             help="Demand-weighted share of the target market's top skills that you have")  # fmt: skip
    watch = int((atrophy["label"] == "watch").sum())
    b.metric("Skills at risk", fmt_count(None if atrophy.empty else at_risk),
             help="Risk above 60 of 100")  # fmt: skip
    c.metric("Skills on watch", fmt_count(None if atrophy.empty else watch))

    st.plotly_chart(cached.chart(charts.atrophy_bubble_chart, atrophy))
    st.caption("Right = longer since you used it; down = the market asks for it less each year; "
               "bigger = more postings ask for it. Hover a bubble for the parts of its risk.")  # fmt: skip
    table(atrophy, columns.ATROPHY)  # fmt: skip
    risk_weights_form(cached.risk_weights())

    st.subheader("What to learn next")
    plan = cached.learning_plan()
    if plan.empty:
        st.caption("No learning steps: import postings for your target roles first.")
    else:
        st.markdown(plan_markdown(plan))
    st.plotly_chart(cached.chart(charts.gaps_bar_chart, cached.skill_gaps().head(10)))
    st.caption("The skills you lack, top ten by priority (demand × growth × how close they sit "
               "to your skills), highest first; a bar's length is the share of target postings "
               f"naming the skill ({recent_base_text(*cached.recent_base())}), ↑ its rise in "
               "points a year. Hover a bar for the reason. The plan above also lists skills of "
               "yours to refresh.")  # fmt: skip

    st.subheader("Market fit")
    left, right = st.columns([1, 2])
    left.plotly_chart(cached.chart(charts.market_fit_chart, fit, has_skills=not atrophy.empty))
    right.plotly_chart(cached.chart(charts.top_skills_chart, fit))

    st.subheader("Your profile")
    st.caption("Edit, add or delete rows, then save. Risk and gaps update at once.")
    edited = st.data_editor(cached.profile_skills(), num_rows="dynamic", hide_index=True,
                            column_config=columns.PROFILE, key="profile_editor",
                            placeholder="—")  # fmt: skip
    if st.button("Save profile", type="primary"):
        counts = actions.save_profile_skills(edited)
        st.session_state["skills_flash"] = (
            f"Profile saved: {counts['added']} added, {counts['updated']} changed, "
            f"{counts['removed']} removed.")  # fmt: skip
        del st.session_state["profile_editor"]  # the edits are in the workspace now
        st.rerun()

    st.subheader("Match a posting")
    with st.form("match"):
        text = st.text_area("Job description", height=150, placeholder="Paste a posting…")
        submitted = st.form_submit_button("Match")
    if submitted and text.strip():
        match = cached.match_posting(text)
        st.metric("Match score", "—" if match.score is None else f"{match.score:.0f}%",
                  help="Share of the skills this posting names that you have")  # fmt: skip
        have, lack = st.columns(2)
        have.markdown(f"**You have ({len(match.matched)})**")
        table(match.matched, columns.MATCHED, have)
        lack.markdown(f"**Missing ({len(match.missing)}), most demanded first**")
        table(match.missing, columns.MATCHED, lack)
