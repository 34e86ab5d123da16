"""The demo's fixed facts: its date, the trends it builds in, the persona's finances, the sizes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEMO_TODAY = date(2026, 11, 1)
# Raised whenever the generated data changes: a dashboard demo file written by an older
# version is generated again (2: the second "data contracts" sentence).
DEMO_VERSION = "2"

RISING_SKILLS = (
    "Large language models", "Generative AI", "Kubernetes", "dbt",
    "Retrieval-augmented generation", "Terraform", "Snowflake", "Databricks",
)  # fmt: skip
DECLINING_SKILLS = (
    "jQuery", "Apache Hadoop", "Adobe Flash", "Perl", "COBOL", "Visual Basic", "SAS",
)  # fmt: skip
EMERGING_TERMS = ("agentic workflows", "semantic layer", "data contracts", "vector search")

FINANCES = {
    "liquid_savings": 85000.0,
    "retirement_savings": 640000.0,
    "monthly_expenses": 6800.0,
    "monthly_essential_expenses": 5200.0,
    "severance": 30000.0,
    "unemployment_benefit_monthly": 2100.0,
    "unemployment_benefit_months": 6.0,
}


@dataclass(frozen=True)
class DemoSize:
    postings: int
    contacts: int
    interactions: int
    target_contacts: tuple[int, ...]  # per company in TARGET_COMPANIES; the last has no insider
    former_colleagues: int
    agency_recruiters: int
    tiers: tuple[int, int, int]  # inner, important, broad; the rest have no tier
    strength_ratings: int
    job_changes: int  # contacts with a recent company and position change
    endorsements: int
    also_in_google: int  # LinkedIn contacts also present in Google Contacts


SIZES = {
    "full": DemoSize(5000, 600, 3000, (9, 8, 7, 6, 5, 4, 2), 150, 25, (15, 60, 220), 30, 6, 48, 60),
    "small": DemoSize(600, 120, 500, (4, 3, 3, 2, 2, 2, 1), 30, 6, (6, 15, 45), 10, 3, 16, 12),
}

WRITTEN_TABLES = (
    "imports", "postings", "contacts", "contact_sources", "contact_changes", "interactions",
    "profile", "profile_skills", "positions", "endorsements", "targets", "goals", "milestones",
    "finances", "income_streams", "workspace_meta",
)  # fmt: skip
