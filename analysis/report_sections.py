"""The sections of the static report: workspace data in, plain blocks out (see analysis.report).

Each builder takes a `ReportData` (the connection, the analysis date, the redactor and every
analysis computed at most once) and returns a section dict: key, title, intro, empty (the
empty-state message, or None) and blocks. A block is a dict with a ``type``: metrics, figure,
table, text or actions. Table cells are plain strings; the template escapes them all. Figures are
built from DataFrames that are already redacted, by the shared builders in analysis/charts_*.py.
"""

from __future__ import annotations

import pandas as pd

from analysis import atrophy, charts_market, charts_network, charts_plan, charts_skills, store
from analysis.report_blocks import (
    day,
    figure,
    interval_pts,
    metric,
    metrics,
    money,
    months,
    paragraph,
    part,
    pct,
    plural,
    pts,
    score,
    section,
    table,
    text,
)
from analysis.report_data import ReportData
from analysis.skills.scope import counts_asked
from analysis.text_format import against_goal, moment, signed, words

TOP_ROWS = 15


# --------------------------------------------------------------------------- summary


def summary(data: ReportData) -> dict:
    fit, risk, (ten, _), runway = data.fit, data.risk, data.ten, data.runway
    at_risk, watch = int((risk["label"] == "at risk").sum()), int((risk["label"] == "watch").sum())
    change = "" if fit.change is None else f"; {signed(fit.change, 0)} pts in a year"
    headline = metrics(
        metric("Market fit", pct(None if fit.now is None else fit.now / 100),
               "of the target market's top skills, by demand" + change if fit.now is not None
               else "needs postings and your skills"),
        metric("Skills at risk", f"{at_risk}" if len(risk) else "—",
               f"{watch} more to watch, of {len(risk)} skills" if len(risk) else
               "needs your skills", "at risk" if at_risk else "healthy" if len(risk) else None),
        metric("The 10-people test", against_goal(ten.count, ten.target), ten.verdict, ten.status),
        metric("Runway", months(runway.months), runway.verdict, runway.status),
    )  # fmt: skip
    actions = []
    for r in data.outreach.head(5).itertuples():
        at = f" ({r.company})" if isinstance(r.company, str) else ""
        actions.append(("Contact", f"{r.contact}{at}", r.reason))
    for r in data.learning.head(2).itertuples():
        actions.append(("Learn" if r.kind == "learn" else "Refresh", r.skill, r.reason))
    for r in data.late_milestones.head(3).itertuples():
        actions.append(("Milestone", r.milestone, f"{r.goal}: due {day(r.due_date)}, "
                                                   f"{r.days_overdue} days overdue"))  # fmt: skip
    blocks = [headline]
    if actions:
        rows = [{"verb": v, "what": w, "why": y} for v, w, y in actions]
        blocks.append({"type": "actions", "caption": "This week's actions", "items": rows})
    empty = None
    if (
        not actions
        and fit.now is None
        and not len(risk)
        and ten.count == 0
        and runway.months is None
    ):
        empty = ("This workspace holds no data to summarise yet. Import job postings, your "
                 "profile and your contacts (python -m analysis import ...), or add finances "
                 "and goals on the dashboard's Plan page.")  # fmt: skip
    elif not actions:
        blocks.append(paragraph("No actions for this week: nobody is due for outreach, no "
                                "learning step and no overdue milestone."))  # fmt: skip
    return section("summary", "Summary", "The four headline numbers and what to do this week.",
                   blocks, empty)  # fmt: skip


# --------------------------------------------------------------------------- market


def market(data: ReportData) -> dict:
    title, intro = (
        "Market skills and trends",
        "What the target market asks for, and where it is heading.",
    )
    study = data.study
    if study is not None:
        intro = (f"What the target market in the market study “{study.name}” asks for, and "
                 "where it is heading.")  # fmt: skip
    if not data.source_postings:
        empty = (f"The market study “{study.name}” holds no postings." if study is not None else
                 "No job postings yet: import postings (python -m analysis import postings FILE) "
                 "to see what the market asks for.")  # fmt: skip
        return section("market", title, intro, [], empty)
    stats = data.market_stats
    cond, params = data.shown_market.where("p")
    low, high, undated = data.market_con.execute(
        "SELECT min(date_posted), max(date_posted), count(*) FILTER (date_posted IS NULL) "
        f"FROM postings p WHERE {cond}",
        params,
    ).fetchone()
    dated = f" dated {day(low)} to {day(high)}" if low else ", none of them dated"
    if low and undated:
        dated += f" ({undated:,} undated)"
    blocks = []
    if study is not None:
        blocks.append(paragraph(
            f"Based on the market study “{study.name}”: {study.postings:,} postings "
            f"({study.engine} engine, created {study.created[:10]}), read in place; not the "
            "postings imported into this workspace.", "lead"))  # fmt: skip
    blocks.append(paragraph(f"Target market: {data.shown_market.describe()}, "
                            f"{data.shown_postings:,} postings{dated}.", "lead"))  # fmt: skip
    if study is None and counts_asked(data.con):
        blocks.append(paragraph("Skills counted: only what a posting asks of the candidate "
                                "(sentences describing the team, the product or the company "
                                "are left out; python -m analysis skills scope)."))  # fmt: skip
    blocks.append(figure(charts_market.top_skills_bar(data.demand, n=TOP_ROWS),
                         "fig-market-top-skills"))  # fmt: skip
    columns = {"skill": ("Skill", text), "category": ("Category", text),
               "postings": ("Postings", text), "share": ("Share", pct),
               "recent_share": ("Last 12 months", pct), "trend": ("Trend", text),
               "trend_pts_per_year": ("Pts / year", pts)}  # fmt: skip
    blocks.append(table("The most demanded skills", stats.head(TOP_ROWS), columns,
                        "No skills found in these postings.", len(stats) - TOP_ROWS))  # fmt: skip
    called = data.trends[data.trends["trend"].isin(["rising", "declining"])]
    if called.empty:
        blocks.append(paragraph("No skill's trend is clear yet: a trend is called only with six "
                                "months of dated postings, enough mentions and a 95% interval "
                                "clear of zero."))  # fmt: skip
        return section("market", title, intro, blocks)
    blocks.append(figure(charts_market.trend_bar(called, n=6), "fig-market-trends"))
    columns = {"name": ("Skill", text), "trend": ("Trend", text), "slope": ("Pts / year", pts),
               "ci_low": ("95% from", interval_pts), "ci_high": ("95% to", interval_pts),
               "mean_share": ("Mean share", pct), "postings": ("Postings", text)}  # fmt: skip
    blocks.append(table("Rising and declining skills (change of share per year, 95% interval)",
                        called.head(TOP_ROWS), columns, more=len(called) - TOP_ROWS))  # fmt: skip
    return section("market", title, intro, blocks)


# --------------------------------------------------------------------------- my skills


def skills(data: ReportData) -> dict:
    title, intro = "My skills", "Which of your skills are fading, and what to learn next."
    risk = data.risk
    if risk.empty:
        return section("skills", title, intro, [], "No skills in your profile yet: import your "
                       "LinkedIn Skills.csv and Positions.csv or a profile CSV / YAML.")  # fmt: skip
    counts = risk["label"].value_counts()
    blocks = [metrics(*(metric(label.capitalize(), str(int(counts.get(label, 0))), "", label)
                        for label in ("at risk", "watch", "healthy")))]  # fmt: skip
    if not data.market_postings:
        blocks.append(paragraph("No postings in the target market: risk counts disuse only."))
    blocks.append(figure(charts_skills.atrophy_bubble_chart(risk), "fig-skills-atrophy", 480))
    if not data.fit.top_skills.empty:
        blocks.append(figure(charts_skills.top_skills_chart(data.fit), "fig-skills-market-fit"))
    columns = {"skill": ("Skill", text), "risk": ("Risk", score), "label": ("Label", text),
               "last_used": ("Last used", day), "disuse": ("Disuse", part),
               "market_decline": ("Market decline", part), "low_demand": ("Low demand", part)}  # fmt: skip
    w = atrophy.risk_weights(data.con)
    weighted = " / ".join(f"{w[k]:.2f}" for k in ("disuse", "market_decline", "low_demand"))
    blocks.append(table(f"Atrophy risk (0–100; parts 0–1, weighted {weighted})",
                        risk.head(TOP_ROWS), columns, more=len(risk) - TOP_ROWS))  # fmt: skip
    columns = {"step": ("Step", text), "kind": ("Kind", text), "skill": ("Skill", text),
               "reason": ("Why", text), "builds_on": ("Builds on", text)}  # fmt: skip
    blocks.append(table("Learning plan", data.learning, columns,
                        "No learning steps: import postings for your target roles first."))  # fmt: skip
    if not data.gaps.empty:
        blocks.append(figure(charts_skills.gaps_bar_chart(data.gaps), "fig-skills-gaps"))
    return section("skills", title, intro, blocks)


# --------------------------------------------------------------------------- network


def network_section(data: ReportData) -> dict:
    title = "Network"
    intro = "Who could help now, who you know at your target companies, and whom to contact."
    if not data.count("contacts"):
        return section("network", title, intro, [], "No contacts yet: import LinkedIn "
                       "Connections.csv, Google or Outlook contacts, or a vCard file.")  # fmt: skip
    (ten, people), coverage, outreach = data.ten, data.coverage, data.outreach
    covered = int((coverage["status"] == "healthy").sum())
    blocks = [metrics(
        metric("Could help now", against_goal(ten.count, ten.target), ten.verdict, ten.status),
        metric("Overdue relationships", f"{len(data.overdue):,}", "past their tier's cadence"
               + (f"; {data.never_in_touch:,} never in touch" if data.never_in_touch else ""),
               "at risk" if len(data.overdue) else "healthy"),
        metric("Target companies covered", f"{covered} of {len(coverage)}" if len(coverage)
               else "—", "a hiring manager or recruiter there" if len(coverage) else
               "no target companies yet"),
    )]  # fmt: skip
    blocks.append(figure(charts_network.ten_people_gauge(ten.count, ten.target, ten.status),
                         "fig-network-ten-people", 300))  # fmt: skip
    columns = {"contact": ("Contact", text), "company": ("Company", text),
               "position": ("Position", text), "strength": ("Strength", score),
               "reason": ("Why", text)}  # fmt: skip
    blocks.append(table("People who could help you now", people.head(TOP_ROWS), columns,
                        "Nobody yet: strength comes from recent, two-way, frequent contact.",
                        len(people) - TOP_ROWS))  # fmt: skip
    if coverage.empty:
        blocks.append(paragraph("No target companies yet: add some on the dashboard's Plan page "
                                "or in a profile YAML (targets: companies:)."))  # fmt: skip
    else:
        blocks.append(figure(charts_network.target_coverage_bars(coverage), "fig-network-coverage"))
        columns = {"company": ("Target company", text), "contacts": ("Contacts", text),
                   "hiring_manager_names": ("Hiring managers", text),
                   "recruiter_names": ("Recruiters", text), "coverage": ("Coverage", text)}  # fmt: skip
        blocks.append(table("Target coverage", coverage, columns))
    columns = {"contact": ("Contact", text), "company": ("Company", text),
               "position": ("Position", text), "reason": ("Why now", text),
               "note": ("Last note", text)}  # fmt: skip
    if data.redactor.active:  # notes are free text: never shared
        del columns["note"]
    blocks.append(table("This week's outreach plan", outreach, columns,
                        "Nobody to suggest this week."))  # fmt: skip
    if not data.coverage_gaps.empty:
        columns = {"company": ("Company", text), "postings": ("Postings", text),
                   "latest_posted": ("Latest", day), "example_titles": ("Example titles", text),
                   "target_company": ("Target company", text)}  # fmt: skip
        blocks.append(table("Hiring for your target roles where you know nobody",
                            data.coverage_gaps, columns))  # fmt: skip
    return section("network", title, intro, blocks)


# --------------------------------------------------------------------------- plan


def plan_section(data: ReportData) -> dict:
    title, intro = (
        "Plan and runway",
        "How long savings would last in a job search, and the plan's progress.",
    )
    runway, diversity, goals = data.runway, data.diversification, data.goals
    if runway.months is None and diversity.streams == 0 and goals.empty:
        return section("plan", title, intro, [], "No finances, income streams or goals yet: "
                       "enter them on the dashboard's Plan page or in a profile YAML.")  # fmt: skip
    progress = data.progress
    goals_done, goals_total = int(progress["goals_done"].sum()), int(progress["goals"].sum())
    blocks = [metrics(
        metric("Runway", months(runway.months), runway.verdict, runway.status),
        metric("Monthly gap", money(runway.monthly_gap), "essential expenses minus income that "
               "continues without the job"),
        metric("Income streams", str(diversity.streams), diversity.verdict, diversity.status),
        metric("Goals done", f"{goals_done} of {goals_total}" if goals_total else "—",
               plural(len(data.late_milestones), "milestone") + " overdue",
               "at risk" if len(data.late_milestones) else None),
    )]  # fmt: skip
    if runway.months is not None:
        blocks.append(figure(charts_plan.runway_chart(runway.path, runway.scenarios),
                             "fig-plan-runway", 420))  # fmt: skip
        # The dashboard's names for the same columns (ui/columns.py SCENARIOS).
        columns = {"search_months": ("Job search (months)", text),
                   "savings_needed": ("Savings used", money),
                   "savings_left": ("Liquid savings left", money),
                   "retirement_touched": ("Retirement touched", text),
                   "shortfall": ("Taken from retirement", money)}  # fmt: skip
        blocks.append(table("Job-search scenarios", runway.scenarios, columns))
    else:
        blocks.append(paragraph("Runway: " + runway.verdict + "."))
    if goals.empty:
        blocks.append(paragraph("No goals yet: add them on the dashboard's Plan page."))
    else:
        blocks.append(figure(charts_plan.goals_progress_bars(progress), "fig-plan-goals", 320))
        columns = {"title": ("Goal", text), "category": ("Category", text),
                   "due_date": ("Due", day), "status": ("Status", text)}  # fmt: skip
        blocks.append(table("Goals", goals, columns))
        columns = {"milestone": ("Milestone", text), "goal": ("Goal", text),
                   "due_date": ("Due", day), "days_overdue": ("Days overdue", text)}  # fmt: skip
        blocks.append(table("Overdue milestones", data.late_milestones, columns,
                            "No milestone is overdue."))  # fmt: skip
    return section("plan", title, intro, blocks)


# --------------------------------------------------------------------------- provenance


def provenance(data: ReportData) -> dict:
    from analysis.cli import workspace_status
    from analysis.skills.sync import META_TAXONOMY

    status = workspace_status(data.con)
    low, high = status["postings_date_range"]
    imports = pd.DataFrame(status["imports"], columns=[
        "import_id", "kind", "file_name", "file_format", "rows_read", "rows_added",
        "rows_duplicate", "rows_rejected", "started_at"])  # fmt: skip
    facts = pd.DataFrame([
        ("Postings dated", f"{day(low)} to {day(high)}" if low else "no dated postings"),
        ("Target market", f"{data.market.describe()} ({data.market_postings:,} postings)"),
        ("Skills taxonomy version", store.get_meta(data.con, META_TAXONOMY) or "not extracted yet"),
        ("Workspace schema version", str(status["schema_version"])),
        ("Analysis date", day(data.today)),
    ], columns=["what", "value"])  # fmt: skip
    if data.study is not None:
        s = data.study
        facts.loc[len(facts)] = (
            "Market section based on",
            f"the market study “{s.name}” ({s.postings:,} postings, {s.engine} engine, "
            f"created {s.created[:10]}, taxonomy {s.taxonomy_version})",
        )
    blocks = [
        table("Where the numbers come from", facts, {"what": ("", text), "value": ("", text)})
    ]

    def number(value) -> str:
        return "" if value is None or value != value else f"{int(value):,}"

    columns = {"import_id": ("#", text), "kind": ("Kind", words), "file_name": ("File", text),
               "file_format": ("Format", words), "rows_read": ("Read", number),
               "rows_added": ("Added", number), "rows_duplicate": ("Duplicates", number),
               "rows_rejected": ("Rejected", number),
               "started_at": ("Imported", lambda v: moment(pd.Timestamp(v)))}  # fmt: skip
    blocks.append(table("Imports", imports, columns))
    counts = pd.DataFrame(list(status["counts"].items()), columns=["table", "rows"])
    blocks.append(table("Rows per table", counts, {"table": ("Table", words),
                                                   "rows": ("Rows", number)}))  # fmt: skip
    empty = None if len(imports) else "Nothing has been imported into this workspace yet."
    return section("provenance", "Data provenance",
                   "What was imported when, the date ranges and the versions behind this report.",
                   blocks if len(imports) else blocks[:1] + blocks[2:], empty)  # fmt: skip


BUILDERS = {"summary": summary, "market": market, "skills": skills, "network": network_section,
            "plan": plan_section, "provenance": provenance}  # fmt: skip
