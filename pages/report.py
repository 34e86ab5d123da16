"""Report: one self-contained HTML file (and a PDF where Chromium exists) to keep or share."""

import streamlit as st

from ui import actions, cached, data, frame
from ui.feedback import fmt_count, md, user_errors

LABELS = {
    "summary": "Summary and this week's actions",
    "market": "Market skills and trends",
    "skills": "My skills, atrophy risk and learning plan",
    "network": "Network health, targets and outreach",
    "plan": "Plan and runway",
    "provenance": "Data provenance",
}

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Report")
st.caption(
    "A single HTML file with charts inside: it opens offline, from e-mail or a USB stick, and "
    "prints cleanly. Redact it before sharing with a coach: names become initials and e-mails, "
    "phone numbers and profile links are removed."
)

study = None  # a market study attached to the workspace (analysis.scale.attach.AttachedStudy)
with user_errors():
    counts = data.status()["counts"]
    if not any(counts[t] for t in ("postings", "contacts", "profile_skills")):
        st.info("Nothing to report yet: every section would be empty. Import job postings, "
                "contacts or your profile on the Import page first.")  # fmt: skip
    cols = st.columns(3)
    # The market section reads the target market (target roles, else every posting), as the
    # report itself says: its number here, not the workspace's.
    target = cached.target_market()
    cols[0].metric("Postings in the market section",
                   fmt_count(cached.posting_total(target) if counts["postings"] else 0),
                   help=f"Your target market ({md(target.describe())}) of the "
                        f"{counts['postings']:,} postings in the workspace")  # fmt: skip
    cols[1].metric("Contacts", fmt_count(counts["contacts"]))
    cols[2].metric("Your skills", fmt_count(len(cached.atrophy_risk())),
                   help="Your profile's skills and those your positions and endorsements show, "
                        "as the report's skills section lists them; not those you only want to "
                        "learn")  # fmt: skip
    study = cached.attached_study()
    if study and not study.ok:
        st.warning(f"**{md(study.problem[0])}**. {md(study.problem[1])}")

with st.form("report"):
    chosen = st.multiselect("Sections", list(LABELS), default=list(LABELS), format_func=LABELS.get)
    market = "workspace"
    if study and study.ok:
        sources = {"workspace": "My workspace postings", "study": study.label}
        market = st.radio("Market section based on", list(sources), format_func=sources.get,
                          horizontal=True, key="report_market")  # fmt: skip
    redact = st.checkbox("Redact names, e-mails, phones and profile links", value=False)
    pdf = st.checkbox("Also make a PDF (needs Chromium)", value=False)
    submitted = st.form_submit_button("Generate report")

if submitted:
    if not chosen:
        st.warning("Choose at least one section.")
    with user_errors():
        if chosen:
            with st.spinner("Building the report…"):
                html = actions.build_report(chosen, redact, market)
            name = "waypoint-report-redacted" if redact else "waypoint-report"
            st.success(f"Report ready: {len(html.encode()) / 2**20:.1f} MB.")
            # on_click="ignore": downloading does not rerun the page, so both downloads stay.
            st.download_button("Download HTML", html, file_name=f"{name}.html", mime="text/html",
                               on_click="ignore")  # fmt: skip
            if pdf:
                with st.spinner("Printing to PDF with Chromium…"):
                    data = actions.report_pdf(html)
                st.download_button("Download PDF", data, file_name=f"{name}.pdf",
                                   mime="application/pdf", on_click="ignore")  # fmt: skip
