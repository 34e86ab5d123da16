"""The demo plan: targets, goals with milestones, finances and income streams."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from analysis.demo.constants import FINANCES
from analysis.demo.market_data import TARGET_COMPANIES, TARGET_ROLES
from analysis.demo.profile import CURRENT_EMPLOYER


def build_plan(today: date) -> dict[str, dict]:
    """Targets, goals with milestones, finances and income streams, dated from today."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    targets = [("company", c, 1 if k < 3 else 2 if k < 6 else 3, None)
               for k, c in enumerate(TARGET_COMPANIES)]  # fmt: skip
    targets += [("role", r, k + 1, None) for k, r in enumerate(TARGET_ROLES)]
    targets += [("location", "Columbus, OH", 1, "Within 40 minutes of home"),
                ("location", "Remote", 2, "US-based remote roles")]  # fmt: skip
    # (category, title, due, status, notes, [(milestone, due, status, completed)])
    goals = [
        ("skills", "Get productive in Python for analysis", day(120), "open",
         "Automate the monthly reconciliations at work first.",
         [("Finish an introductory pandas course", day(-75), "done", day(-72)),
          ("Rebuild the claims summary report in Python", day(-17), "open", None),
          ("Share a notebook with the team", day(45), "open", None)]),
        ("skills", "Learn the foundations of generative AI and LLMs", day(150), "open", None,
         [("Complete an introductory Generative AI course", day(-32), "done", day(-30)),
          ("Prototype a retrieval-augmented generation demo on policy documents", day(90), "open",
           None)]),
        ("network", "Reconnect with 20 former colleagues", day(60), "open",
         "Start with the ACME and Riverbend alumni.",
         [("List the inner circle and important contacts", day(-50), "done", day(-55)),
          ("Reach out to 10 former ACME colleagues", day(-31), "open", None),
          ("Coffee with 5 people at target companies", day(44), "open", None)]),
        ("job search", "Refresh résumé and LinkedIn profile", day(-40), "done", None,
         [("Rewrite résumé around outcomes", day(-60), "done", day(-58)),
          ("Update LinkedIn headline and skills", day(-45), "done", day(-41))]),
        ("job search", "Land a data analytics leadership role", day(240), "open",
         "Data Analytics Manager or BI Manager, Columbus or remote.",
         [("Apply to 3 roles at target companies", day(-12), "open", None),
          ("Two informational interviews a month", day(29), "open", None),
          ("Practise case interviews with a coach", day(75), "open", None)]),
        ("finances", "Extend the runway to 12 months", day(150), "open", None,
         [("Cut discretionary spending by $600 a month", day(-90), "done", day(-84)),
          ("Compare COBRA and marketplace health insurance", day(-7), "open", None),
          ("Move the severance to a high-yield savings account", day(14), "open", None),
          ("Register an LLC for consulting work", day(-20), "open", None)]),
    ]  # fmt: skip
    updated = datetime.combine(day(-14), time(9, 30))
    streams = [
        (f"Salary, {CURRENT_EMPLOYER}", "salary", 11250.0, False),
        ("Rental income, duplex unit", "rental", 900.0, True),
        ("BI advisory for a local credit union", "consulting", 450.0, True),
    ]
    return {
        "targets": {"kind": [t[0] for t in targets], "value": [t[1] for t in targets],
                    "priority": [t[2] for t in targets], "source": ["manual"] * len(targets),
                    "notes": [t[3] for t in targets]},
        "goals": {"category": [g[0] for g in goals], "title": [g[1] for g in goals],
                  "due_date": [g[2] for g in goals], "status": [g[3] for g in goals],
                  "notes": [g[4] for g in goals]},
        "milestones": {"goal_id": [g for g, goal in enumerate(goals, 1) for _ in goal[5]],
                       "title": [m[0] for g in goals for m in g[5]],
                       "due_date": [m[1] for g in goals for m in g[5]],
                       "status": [m[2] for g in goals for m in g[5]],
                       "completed_on": [m[3] for g in goals for m in g[5]]},
        "finances": {"key": list(FINANCES), "value": list(FINANCES.values()),
                     "updated_at": [updated] * len(FINANCES)},
        "income_streams": {"name": [s[0] for s in streams], "kind": [s[1] for s in streams],
                           "monthly_amount": [s[2] for s in streams],
                           "continues_without_job": [s[3] for s in streams]},
    }  # fmt: skip
