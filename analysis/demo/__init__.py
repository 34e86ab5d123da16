"""Deterministic demo workspace: an invented persona, job market and network.

`generate_demo` fills an empty workspace; `write_demo_file` writes a new demo file (the `demo`
command); `ensure_demo_workspace` makes the demo file that the dashboard opens on first run. Every value comes from ``numpy.random.default_rng`` streams keyed
by the seed, in a fixed order, and every date is relative to ``today`` (no wall clock), so the
same seed and size give identical tables.

Skill demand moves by construction: each month the number of postings naming a RISING_SKILLS
entry grows linearly (a DECLINING_SKILLS entry shrinks) while the others hold steady, and the
EMERGING_TERMS spread from nothing (all but "vector search", a skill of our taxonomy, are phrases
no taxonomy lists, so they come out as emerging terms). Every mention of a trending skill
contains its preferred name, so a plain text search recovers the trend.

The `finances` table holds these keys (US dollars), read by the plan analysis:

    liquid_savings                 cash and taxable investments the persona may spend
    retirement_savings             401(k) and IRA balances, kept apart from the runway
    monthly_expenses               all spending per month today
    monthly_essential_expenses     spending per month once discretionary items are cut
    severance                      lump sum paid when the current job ends
    unemployment_benefit_monthly   unemployment benefit per month while out of work
    unemployment_benefit_months    how many months that benefit is paid
"""

from __future__ import annotations

from analysis.demo.constants import (
    DECLINING_SKILLS,
    DEMO_TODAY,
    DEMO_VERSION,
    EMERGING_TERMS,
    FINANCES,
    RISING_SKILLS,
    SIZES,
    WRITTEN_TABLES,
    DemoSize,
)
from analysis.demo.market_data import (
    CITIES,
    COMPANIES,
    FAMILIES,
    FAMILY_WEIGHTS,
    SENIORITIES,
    SENIORITY_WEIGHTS,
    SKILLS,
    TARGET_COMPANIES,
    TARGET_ROLES,
    TITLES,
)
from analysis.demo.people import FIRST_NAMES, HIRING_MANAGER_TITLES, LAST_NAMES, RECRUITER_TITLES
from analysis.demo.profile import CURRENT_EMPLOYER, PERSONA, POSITIONS, PROFILE_SKILLS
from analysis.demo.writer import (
    build_demo,
    ensure_demo_workspace,
    generate_demo,
    write_demo_file,
)

__all__ = [
    "CITIES",
    "COMPANIES",
    "CURRENT_EMPLOYER",
    "DECLINING_SKILLS",
    "DEMO_TODAY",
    "DEMO_VERSION",
    "DemoSize",
    "EMERGING_TERMS",
    "FAMILIES",
    "FAMILY_WEIGHTS",
    "FINANCES",
    "FIRST_NAMES",
    "HIRING_MANAGER_TITLES",
    "LAST_NAMES",
    "PERSONA",
    "POSITIONS",
    "PROFILE_SKILLS",
    "RECRUITER_TITLES",
    "RISING_SKILLS",
    "SENIORITIES",
    "SENIORITY_WEIGHTS",
    "SIZES",
    "SKILLS",
    "TARGET_COMPANIES",
    "TARGET_ROLES",
    "TITLES",
    "WRITTEN_TABLES",
    "build_demo",
    "ensure_demo_workspace",
    "generate_demo",
    "write_demo_file",
]
