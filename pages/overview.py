"""Overview: the four headline numbers and what to do this week, in one screen."""

import streamlit as st

from ui import cached, frame
from ui.columns import sentence
from ui.feedback import fit_metric, fmt_count, fmt_months, md, user_errors

COLOR = {"healthy": "normal", "watch": "off", "at risk": "inverse"}

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Overview")
st.caption("Waypoint reads your own exports (job postings, contacts, your profile) and answers "
           "four questions: what the market asks for, which of your skills are fading, whether "
           "your network is ready, and how long your savings would last.")  # fmt: skip

with user_errors(), cached.reads():
    counts = cached.counts()
    if not any(counts[t] for t in ("postings", "contacts", "profile_skills")):
        st.info("This workspace is empty. Go to **Import** and add job postings (CSV, Excel, "
                "JSON, python-jobspy exports), your LinkedIn data export ZIP, or contacts "
                "(vCard, Google, Outlook). Or pick the demo workspace in the sidebar to look "
                "around first.")  # fmt: skip
    elif cached.is_demo():
        st.info("You are looking at the **demo workspace**: an invented analytics manager in "
                "their fifties, with a made-up job market and network. To start your own, "
                "choose **My workspace** in the sidebar and import your exports on **Import**.")  # fmt: skip

    fit, atrophy = cached.market_fit(), cached.atrophy_risk()
    people, runway = cached.ten_people(), cached.runway()
    at_risk = int((atrophy["label"] == "at risk").sum())
    a, b, c, d = st.columns(4)
    a.metric("Market fit", *fit_metric(fit, has_skills=not atrophy.empty),
             border=True, help="Demand-weighted share of your target market's top skills that "
             "you have (My skills)")  # fmt: skip
    b.metric("Skills at risk", fmt_count(at_risk) if len(atrophy) else "—",
             f"of {len(atrophy)} skills" if len(atrophy) else None, delta_color="off",
             delta_arrow="off", border=True, help="Atrophy risk above 60 of 100 (My skills)")  # fmt: skip
    if counts["contacts"]:
        c.metric("The 10-people test",
                 f"{people.count} {'person' if people.count == 1 else 'people'}",
                 people.verdict.split(":")[0], delta_color=COLOR.get(people.status, "off"),
                 delta_arrow="off", border=True,
                 help="People who could help you right now (Network)")  # fmt: skip
    else:  # no contacts: nothing measured, no verdict
        c.metric("The 10-people test", "—", border=True,
                 help="People who could help you right now (Network)")  # fmt: skip
    d.metric("Runway", fmt_months(runway.months), runway.status,
             delta_color=COLOR.get(runway.status, "off"), delta_arrow="off", border=True,
             help="Months your liquid savings last without the job, retirement savings "
             "kept apart (Plan)")  # fmt: skip
    a.caption("Import postings for your target roles." if fit.now is None else
              "Import your profile or LinkedIn export." if atrophy.empty else
              f"Against {cached.target_phrase()}.")  # fmt: skip
    b.caption("Import your profile or LinkedIn export." if atrophy.empty else
              "Not used for years, or falling out of demand.")  # fmt: skip
    c.caption(sentence(people.verdict) if counts["contacts"] else "Import your contacts.")
    d.caption(sentence(runway.verdict))

    st.subheader("This week")
    left, middle, right = st.columns(3, gap="large")
    left.markdown("**Reach out to**")
    outreach = cached.outreach_plan(3)
    for row in outreach.itertuples():
        left.markdown(f"**{md(row.contact)}**, {md(row.company or 'no company')}: "
                      f"{md(sentence(row.reason))}")  # fmt: skip
    if outreach.empty:
        left.caption("Nobody to suggest yet: import your contacts and messages.")
    middle.markdown("**Learn next**")
    plan = cached.learning_plan()
    for row in plan.head(2).itertuples():
        verb = "Learn" if row.kind == "learn" else "Refresh"
        middle.markdown(f"{row.step}\\. {verb} **{md(row.skill)}**: {md(row.reason)}")
    if plan.empty:
        middle.caption("Import postings and your profile to get a learning plan.")
    right.markdown("**Overdue milestones**")
    milestones = cached.overdue_milestones()
    for row in milestones.head(4).itertuples():
        right.markdown(f"- {md(row.milestone)} ({row.days_overdue} days late)")
    if milestones.empty:
        right.caption("None overdue." if counts["milestones"] else "No milestones yet: add "
                      "goals on the Plan page.")  # fmt: skip

    st.subheader("In this workspace")
    cols = st.columns(4)
    for col, (label, table) in zip(cols[:3], [("Job postings", "postings"), ("Contacts", "contacts"),
                                          ("Interactions", "interactions")], strict=True):  # fmt: skip
        col.metric(label, fmt_count(counts[table]))
    # The skills My skills lists: the profile's, and those the positions and endorsements show.
    cols[3].metric("Your skills", fmt_count(len(atrophy)),
                   help=f"{fmt_count(counts['profile_skills'])} in your profile, the rest found in "
                   "your positions and endorsements")  # fmt: skip
