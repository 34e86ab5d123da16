"""Deterministic demo workspace: an invented persona, job market and network.

`generate_demo` fills an empty workspace; `ensure_demo_workspace` makes the demo file that the
dashboard opens on first run. Every value comes from ``numpy.random.default_rng`` streams keyed
by the seed, in a fixed order, and every date is relative to ``today`` (no wall clock), so the
same seed and size give identical tables.

Skill demand moves by construction: each month the number of postings naming a RISING_SKILLS
entry grows linearly (a DECLINING_SKILLS entry shrinks) while the others hold steady, and the
EMERGING_TERMS, phrases no taxonomy lists, spread from nothing. Every mention of a trending skill
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

import calendar
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis import settings, store
from analysis.ingest.dispatch import refresh_skills
from analysis.errors import WaypointError
from analysis.ingest.posting_ids import stable_posting_id

DEMO_TODAY = date(2026, 11, 1)

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


# --------------------------------------------------------------------------- random draws


class _Draws:
    """Choices for one row from its own stream, so rows never shift each other's values."""

    def __init__(self, *key: int) -> None:
        self._rng = np.random.default_rng(list(key))
        self._buf = self._rng.random(64).tolist()
        self._i = 0

    def u(self) -> float:
        if self._i == len(self._buf):
            self._buf, self._i = self._rng.random(64).tolist(), 0
        self._i += 1
        return self._buf[self._i - 1]

    def chance(self, p: float) -> bool:
        return self.u() < p

    def int(self, lo: int, hi: int) -> int:
        """Integer in [lo, hi], both ends included."""
        return lo + min(int(self.u() * (hi - lo + 1)), hi - lo)

    def pick(self, seq):
        return seq[min(int(self.u() * len(seq)), len(seq) - 1)]

    def weighted(self, seq, weights):
        target, acc = self.u() * sum(weights), 0.0
        for item, w in zip(seq, weights, strict=True):
            acc += w
            if target < acc:
                return item
        return seq[-1]

    def sample(self, seq, k: int) -> list:
        items = list(seq)
        k = min(k, len(items))
        for i in range(k):
            j = i + min(int(self.u() * (len(items) - i)), len(items) - i - 1)
            items[i], items[j] = items[j], items[i]
        return items[:k]


def _slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split total into integer parts proportional to weights (largest remainder)."""
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[: total - parts.sum()]] += 1
    return parts


# --------------------------------------------------------------------------- the market

FAMILIES = (
    "data analyst", "data engineer", "software engineer", "cloud engineer", "data scientist",
    "product/project manager", "finance analyst", "operations manager",
)  # fmt: skip
FAMILY_WEIGHTS = np.array([0.22, 0.16, 0.18, 0.10, 0.08, 0.12, 0.07, 0.07])
SENIORITIES = ("junior", "mid", "senior", "lead", "manager", "director")
SENIORITY_WEIGHTS = np.array([0.10, 0.34, 0.28, 0.10, 0.13, 0.05])

TITLES = {
    "data analyst": (
        ("Junior Data Analyst", "Data Analyst I", "Reporting Analyst"),
        ("Data Analyst", "Business Intelligence Analyst", "Data Analyst II"),
        ("Senior Data Analyst", "Senior BI Analyst", "Senior Analytics Consultant"),
        ("Lead Data Analyst", "Analytics Lead", "Principal Analyst"),
        ("Data Analytics Manager", "BI Manager", "Manager, Business Intelligence"),
        ("Director of Data Analytics", "Head of BI", "Director, Analytics & Insights"),
    ),
    "data engineer": (
        ("Junior Data Engineer", "Associate Data Engineer"),
        ("Data Engineer", "Analytics Engineer", "Data Warehouse Developer"),
        ("Senior Data Engineer", "Senior Analytics Engineer"),
        ("Lead Data Engineer", "Principal Data Engineer"),
        ("Data Engineering Manager", "Manager, Data Platform"),
        ("Director of Data Engineering", "Head of Data Platform"),
    ),
    "software engineer": (
        ("Junior Software Engineer", "Associate Software Developer"),
        ("Software Engineer", "Full Stack Developer", "Backend Engineer", "Frontend Developer"),
        ("Senior Software Engineer", "Senior Full Stack Engineer", "Senior Backend Engineer"),
        ("Staff Software Engineer", "Lead Developer"),
        ("Engineering Manager", "Software Development Manager"),
        ("Director of Engineering", "Head of Engineering"),
    ),
    "cloud engineer": (
        ("Cloud Support Engineer", "Junior DevOps Engineer"),
        ("DevOps Engineer", "Cloud Engineer", "Site Reliability Engineer"),
        ("Senior DevOps Engineer", "Senior Platform Engineer", "Senior Cloud Engineer"),
        ("Principal Cloud Architect", "Lead Site Reliability Engineer"),
        ("Cloud Infrastructure Manager", "Manager, Site Reliability"),
        ("Director of Cloud Platform", "Head of Infrastructure"),
    ),
    "data scientist": (
        ("Junior Data Scientist", "Associate Data Scientist"),
        ("Data Scientist", "Machine Learning Engineer", "AI Engineer"),
        ("Senior Data Scientist", "Senior Machine Learning Engineer"),
        ("Lead Data Scientist", "Principal AI Engineer"),
        ("Data Science Manager", "Manager, Applied Science"),
        ("Head of Data Science", "Director of AI"),
    ),
    "product/project manager": (
        ("Associate Product Manager", "Project Coordinator"),
        ("Product Manager", "Project Manager", "IT Project Manager"),
        ("Senior Product Manager", "Senior Project Manager", "Technical Program Manager"),
        ("Group Product Manager", "Program Manager"),
        ("PMO Manager", "Manager, Product Management"),
        ("Director of Product Management", "Director, Transformation Office"),
    ),
    "finance analyst": (
        ("Junior Financial Analyst", "Financial Analyst I"),
        ("Financial Analyst", "FP&A Analyst"),
        ("Senior Financial Analyst", "Senior FP&A Analyst"),
        ("Lead Financial Analyst", "FP&A Lead"),
        ("Finance Manager", "FP&A Manager"),
        ("Director of Financial Planning & Analysis", "Director of Finance"),
    ),
    "operations manager": (
        ("Operations Coordinator", "Supply Chain Coordinator"),
        ("Operations Analyst", "Supply Chain Analyst", "Logistics Analyst"),
        ("Senior Supply Chain Analyst", "Senior Operations Analyst"),
        ("Operations Lead", "Supply Chain Lead"),
        ("Operations Manager", "Supply Chain Manager", "Logistics Manager"),
        ("Director of Operations", "Director of Supply Chain"),
    ),
}

# Share of postings in each family naming the skill, in FAMILIES order. A rising skill's row is
# its level at the end of the window, a declining skill's its level at the start.
_SKILL_ROWS = """
Python                         .45 .80 .40 .45 .90 .08 .15 .10
SQL                            .85 .90 .45 .20 .75 .15 .40 .30
Java                           .02 .20 .40 .15 .08 .03 .00 .00
JavaScript                     .03 .02 .55 .10 .02 .03 .00 .00
TypeScript                     .00 .00 .40 .08 .00 .02 .00 .00
React                          .00 .00 .40 .02 .00 .03 .00 .00
Angular                        .00 .00 .18 .00 .00 .00 .00 .00
jQuery                         .03 .00 .45 .00 .00 .03 .00 .00
Node.js                        .00 .03 .30 .08 .00 .00 .00 .00
Kubernetes                     .00 .25 .35 .85 .25 .03 .00 .00
Docker                         .02 .45 .45 .75 .35 .02 .00 .00
Terraform                      .00 .20 .15 .80 .05 .00 .00 .00
Amazon Web Services            .12 .55 .45 .65 .40 .06 .02 .02
Microsoft Azure                .12 .35 .25 .45 .25 .06 .03 .03
Google Cloud Platform          .06 .25 .20 .35 .20 .03 .00 .00
Apache Spark                   .05 .55 .08 .05 .40 .00 .00 .00
Apache Hadoop                  .08 .55 .06 .10 .35 .00 .00 .00
dbt                            .25 .60 .00 .00 .10 .00 .02 .00
Snowflake                      .30 .60 .05 .05 .20 .02 .06 .02
Databricks                     .12 .55 .03 .05 .45 .00 .02 .00
Airflow                        .05 .50 .03 .10 .20 .00 .00 .00
Tableau                        .50 .10 .00 .00 .15 .08 .30 .15
Power BI                       .55 .10 .00 .00 .08 .10 .40 .25
Excel                          .65 .05 .02 .00 .08 .45 .90 .75
Machine learning               .10 .15 .08 .03 .90 .08 .02 .02
Large language models          .25 .25 .35 .10 .85 .30 .06 .05
Generative AI                  .30 .20 .30 .10 .70 .40 .15 .12
Retrieval-augmented generation .06 .15 .20 .04 .55 .05 .00 .00
prompt engineering             .06 .02 .05 .00 .20 .10 .02 .00
PyTorch                        .00 .02 .03 .00 .50 .00 .00 .00
TensorFlow                     .00 .02 .03 .00 .35 .00 .00 .00
scikit-learn                   .05 .04 .00 .00 .55 .00 .00 .00
pandas                         .25 .35 .05 .00 .60 .00 .05 .03
Git                            .20 .55 .65 .60 .45 .02 .00 .00
CI/CD                          .00 .30 .55 .80 .15 .05 .00 .00
REST APIs                      .02 .20 .55 .20 .10 .06 .00 .00
microservices                  .00 .05 .40 .35 .02 .02 .00 .00
Linux                          .00 .25 .30 .75 .15 .00 .00 .00
COBOL                          .05 .10 .25 .05 .00 .05 .05 .00
Perl                           .02 .15 .20 .35 .03 .00 .00 .00
Visual Basic                   .18 .03 .10 .00 .00 .04 .35 .20
Adobe Flash                    .04 .00 .25 .00 .00 .10 .00 .03
SAS                            .35 .10 .00 .00 .45 .00 .20 .05
SPSS                           .10 .00 .00 .00 .15 .00 .02 .00
Oracle Database                .08 .20 .15 .12 .02 .02 .06 .02
Microsoft SQL Server           .20 .25 .15 .10 .03 .02 .06 .03
PostgreSQL                     .06 .30 .35 .20 .08 .00 .00 .00
MongoDB                        .00 .10 .25 .06 .03 .00 .00 .00
Agile                          .12 .15 .40 .25 .10 .55 .02 .08
Scrum                          .03 .06 .25 .10 .03 .35 .00 .02
Project management             .08 .03 .03 .05 .02 .75 .15 .45
Stakeholder management         .40 .12 .05 .05 .15 .65 .45 .45
Budgeting                      .05 .00 .00 .03 .00 .35 .70 .45
Financial modelling            .02 .00 .00 .00 .02 .05 .75 .10
Salesforce                     .10 .05 .05 .00 .02 .12 .12 .10
SAP                            .04 .05 .02 .00 .00 .08 .35 .55
Six Sigma                      .02 .00 .00 .00 .00 .08 .02 .35
Lean                           .01 .00 .00 .00 .00 .10 .02 .40
Communication                  .60 .40 .40 .40 .45 .65 .55 .55
Leadership                     .10 .08 .08 .08 .08 .20 .10 .25
Mentoring                      .08 .15 .20 .15 .15 .05 .05 .08
Data governance                .20 .30 .00 .02 .08 .02 .05 .00
Data visualization             .45 .05 .00 .00 .30 .02 .20 .10
Statistics                     .35 .03 .00 .00 .65 .00 .15 .12
ETL                            .25 .60 .02 .00 .08 .00 .00 .00
"""
SKILLS = tuple(line[:31].strip() for line in _SKILL_ROWS.strip().splitlines())
_BASE = np.array(
    [[float(v) for v in line[31:].split()] for line in _SKILL_ROWS.strip().splitlines()]
)

# Multiplier of the base share at the start and end of the window.
_TREND = {s: (0.08, 1.0) for s in ("Large language models", "Generative AI")}
_TREND |= {"Retrieval-augmented generation": (0.04, 1.0)}
_TREND |= {s: (0.3, 1.0) for s in ("Kubernetes", "dbt", "Terraform", "Snowflake", "Databricks")}
_TREND |= {s: (1.0, 0.12) for s in DECLINING_SKILLS}

# Extra share by seniority (junior, mid, senior, lead, manager, director), any family.
_SENIORITY_BOOST = {
    "Leadership": (0.0, 0.0, 0.15, 0.40, 0.60, 0.75),
    "Mentoring": (0.0, 0.0, 0.20, 0.35, 0.35, 0.20),
    "Stakeholder management": (0.0, 0.0, 0.05, 0.10, 0.25, 0.35),
    "Budgeting": (0.0, 0.0, 0.0, 0.0, 0.20, 0.40),
}
_SOFT = frozenset({
    "Communication", "Leadership", "Mentoring", "Stakeholder management", "Project management",
    "Budgeting", "Financial modelling", "Agile", "Scrum", "Six Sigma", "Lean", "Statistics",
    "Data governance", "Data visualization",
})  # fmt: skip

# End-of-window share per family of the emerging phrases (they start at zero).
_EMERGING = {
    "agentic workflows": (0.05, 0.08, 0.15, 0.05, 0.25, 0.10, 0.0, 0.0),
    "semantic layer": (0.15, 0.15, 0.0, 0.0, 0.03, 0.0, 0.03, 0.0),
    "data contracts": (0.04, 0.20, 0.03, 0.02, 0.03, 0.0, 0.0, 0.0),
    "vector search": (0.0, 0.08, 0.10, 0.02, 0.20, 0.0, 0.0, 0.0),
}

CITIES = (
    ("Columbus, OH", 0.93, 9), ("Cleveland, OH", 0.9, 4), ("Cincinnati, OH", 0.92, 4),
    ("Dayton, OH", 0.88, 1), ("Indianapolis, IN", 0.92, 3), ("Chicago, IL", 1.05, 6),
    ("Pittsburgh, PA", 0.95, 2), ("Detroit, MI", 0.95, 2), ("New York, NY", 1.2, 6),
    ("Boston, MA", 1.12, 3), ("Hartford, CT", 1.0, 2), ("Charlotte, NC", 1.0, 3),
    ("Atlanta, GA", 1.0, 3), ("Nashville, TN", 0.95, 2), ("Dallas, TX", 1.0, 3),
    ("Austin, TX", 1.05, 3), ("Houston, TX", 1.0, 2), ("Denver, CO", 1.05, 2),
    ("Minneapolis, MN", 1.0, 2), ("Des Moines, IA", 0.9, 1), ("Seattle, WA", 1.18, 3),
    ("San Francisco, CA", 1.25, 3),
)  # fmt: skip
_CITY_FACTOR = {c: f for c, f, _ in CITIES}

# Industry preference for each family, in FAMILIES order.
_INDUSTRY_MIX = {
    "insurance": (1.4, 1.0, 0.7, 0.6, 0.9, 1.0, 1.2, 0.6),
    "banking": (1.2, 1.0, 0.9, 0.8, 0.9, 1.0, 1.6, 0.5),
    "healthcare": (1.3, 0.9, 0.7, 0.6, 0.8, 1.1, 0.9, 1.0),
    "retail": (1.1, 0.9, 0.9, 0.6, 0.8, 1.0, 0.9, 1.6),
    "logistics": (0.9, 0.8, 0.7, 0.6, 0.6, 1.0, 0.8, 2.2),
    "software": (0.8, 1.3, 2.0, 1.6, 1.3, 1.3, 0.5, 0.3),
    "manufacturing": (0.8, 0.6, 0.6, 0.5, 0.5, 1.0, 1.0, 2.0),
    "energy": (0.9, 0.8, 0.6, 0.8, 0.7, 1.0, 1.1, 1.3),
    "consulting": (1.2, 1.1, 1.0, 1.0, 1.0, 1.2, 1.2, 0.8),
    "public sector": (1.1, 0.6, 0.8, 0.8, 0.4, 1.3, 1.0, 0.9),
    "media": (1.0, 0.9, 1.3, 0.9, 1.1, 1.1, 0.7, 0.5),
    "education": (1.0, 0.6, 0.8, 0.6, 0.6, 1.1, 0.8, 0.8),
    "hospitality": (0.9, 0.5, 0.6, 0.5, 0.4, 1.0, 1.0, 1.8),
}

# (name, industry, headquarters, founded). The first seven are the persona's targets.
COMPANIES = (
    ("Northwind Mutual Insurance", "insurance", "Columbus, OH", 1921),
    ("Harborlight Health", "healthcare", "Columbus, OH", 1954),
    ("Cardinal Ridge Financial", "banking", "Cincinnati, OH", 1889),
    ("Lakeshore Analytics", "software", "Cleveland, OH", 2011),
    ("Summit Peak Insurance Group", "insurance", "Indianapolis, IN", 1948),
    ("Bluewater Logistics", "logistics", "Columbus, OH", 1979),
    ("Meridian Health Plans", "healthcare", "Chicago, IL", 1986),
    ("Copperline Software", "software", "Austin, TX", 2014),
    ("Brightwater Bank", "banking", "Charlotte, NC", 1902),
    ("Granite Forge Manufacturing", "manufacturing", "Pittsburgh, PA", 1937),
    ("Pinecrest Retail", "retail", "Minneapolis, MN", 1962),
    ("Silverline Payments", "banking", "New York, NY", 2009),
    ("Tidewater Energy", "energy", "Houston, TX", 1958),
    ("Oakhaven Health System", "healthcare", "Nashville, TN", 1931),
    ("Redstone Freight", "logistics", "Dallas, TX", 1984),
    ("Quarry Labs", "software", "Denver, CO", 2016),
    ("Evergreen Cloud Systems", "software", "Seattle, WA", 2008),
    ("Foxglove Media", "media", "New York, NY", 1999),
    ("Keystone Consulting Group", "consulting", "Pittsburgh, PA", 1993),
    ("Prairie State Insurance", "insurance", "Des Moines, IA", 1912),
    ("Harbor & Finch Advisors", "consulting", "Boston, MA", 2002),
    ("Northstar Grocers", "retail", "Minneapolis, MN", 1946),
    ("Bellwether Analytics", "software", "Chicago, IL", 2012),
    ("Cobalt Ridge Technologies", "software", "San Francisco, CA", 2015),
    ("Maplewood University Health", "healthcare", "Cleveland, OH", 1912),
    ("Trident Aerospace Components", "manufacturing", "Cincinnati, OH", 1966),
    ("Sunbeam Utilities", "energy", "Atlanta, GA", 1927),
    ("Riverstone Credit Union", "banking", "Columbus, OH", 1951),
    ("Vantage Point Logistics", "logistics", "Indianapolis, IN", 1997),
    ("Greenfield Foods", "manufacturing", "Chicago, IL", 1923),
    ("Atlas Peak Software", "software", "Austin, TX", 2010),
    ("Clearpath Benefits", "insurance", "Hartford, CT", 1974),
    ("Lanternstreet Capital", "banking", "New York, NY", 1996),
    ("Orchard Lane Retail", "retail", "Atlanta, GA", 1971),
    ("Franklin Metro Services", "public sector", "Columbus, OH", 1968),
    ("Kestrel Data Co.", "software", "Boston, MA", 2017),
    ("Hollow Creek Manufacturing", "manufacturing", "Detroit, MI", 1952),
    ("Skyline Mobility", "software", "Detroit, MI", 2018),
    ("Beacon Hill Insurance", "insurance", "Boston, MA", 1899),
    ("Crimson Leaf Pharmacy", "healthcare", "Pittsburgh, PA", 1988),
    ("Northgate Supply Co.", "logistics", "Chicago, IL", 1960),
    ("Mosaic Learning Partners", "education", "Denver, CO", 2005),
    ("Glacier Bay Software", "software", "Seattle, WA", 2013),
    ("Cedar & Vine Hospitality", "hospitality", "Nashville, TN", 1994),
    ("Tri-County Medical Group", "healthcare", "Dayton, OH", 1977),
    ("Fairhaven Trust", "banking", "Boston, MA", 1874),
    ("Buckeye State Mutual", "insurance", "Columbus, OH", 1935),
    ("Ironwood Analytics Partners", "consulting", "Columbus, OH", 2008),
)
TARGET_COMPANIES = tuple(c[0] for c in COMPANIES[:7])
TARGET_ROLES = (
    "Data Analytics Manager",
    "BI Manager",
    "Analytics Engineer",
    "Director of Data Analytics",
)

_BASE_SALARY = (82000, 128000, 132000, 135000, 140000, 118000, 85000, 92000)
_SENIORITY_PAY = (0.72, 1.0, 1.22, 1.38, 1.42, 1.75)


# --------------------------------------------------------------------------- posting prose

_ABOUT_INDUSTRY = {
    "insurance": (
        "{company} has protected families and businesses since {founded} and today serves more "
        "than {customers} policyholders from its home in {hq}.",
        "{company} is a mutual insurer headquartered in {hq}, writing personal and commercial "
        "lines across the Midwest through independent agents.",
        "Founded in {founded}, {company} offers auto, home, life and small-business cover, and "
        "pays claims faster than almost anyone in the industry.",
    ),
    "banking": (
        "{company} is a community-focused bank with roots in {hq} going back to {founded}.",
        "{company} provides everyday banking, lending and savings products to {customers} "
        "customers.",
        "Headquartered in {hq}, {company} is one of the fastest-growing financial institutions "
        "in its region, with a digital-first approach to service.",
    ),
    "healthcare": (
        "{company} is a non-profit health system with hospitals, clinics and walk-in centres "
        "across the region.",
        "At {company}, {employees} caregivers and staff work to make care simpler, safer and more "
        "affordable.",
        "{company} has served patients and members from its base in {hq} since {founded}.",
    ),
    "retail": (
        "{company} operates more than {stores} stores and a fast-growing online business.",
        "Since {founded}, {company} has grown from a single shop in {hq} into a retailer that "
        "millions of shoppers visit every week.",
        "{company} sells everyday essentials at fair prices, in store and online.",
    ),
    "logistics": (
        "{company} moves freight for some of the best-known brands in North America.",
        "From its hub in {hq}, {company} runs a network of warehouses, cross-docks and a "
        "dedicated fleet of more than {fleet} trucks.",
        "{company} has been in the logistics business since {founded} and handles over "
        "{shipments} shipments a year.",
    ),
    "software": (
        "{company} builds software that helps mid-sized companies run their finances and "
        "operations.",
        "{company} is a venture-backed software company based in {hq} with customers in "
        "{countries} countries.",
        "Founded in {founded}, {company} makes tools that teams use every day to plan, track and "
        "report on their work.",
    ),
    "manufacturing": (
        "{company} designs and manufactures precision components for automotive, aerospace and "
        "industrial customers.",
        "With {plants} plants and {employees} employees, {company} is a leader in its niche.",
        "{company} has been making things in {hq} since {founded}.",
    ),
    "energy": (
        "{company} delivers electricity and natural gas to {customers} homes and businesses.",
        "{company} is investing heavily in renewable generation, storage and a modern grid.",
        "Based in {hq}, {company} has kept the lights on for its communities since {founded}.",
    ),
    "consulting": (
        "{company} is an advisory firm that helps insurers, banks and health systems modernise "
        "how they work.",
        "Consultants at {company} combine deep industry knowledge with hands-on delivery.",
        "Since {founded}, {company} has completed more than {projects} client engagements from "
        "its offices in {hq}.",
    ),
    "public sector": (
        "{company} provides public services to more than {customers} residents.",
        "{company} is committed to transparent, efficient and accessible public services.",
    ),
    "media": (
        "{company} publishes news, podcasts and video that reach {customers} people every month.",
        "Since {founded}, {company} has told stories that matter, now on every screen.",
    ),
    "education": (
        "{company} partners with schools, colleges and employers to improve learning outcomes.",
        "{company} has helped more than {customers} learners earn credentials since {founded}.",
    ),
    "hospitality": (
        "{company} operates hotels and restaurants across the Southeast.",
        "Since {founded}, {company} has welcomed guests with the warmth its home town of {hq} "
        "is known for.",
    ),
}

_CULTURE = (
    "We are proud of a culture that values candour, kindness and doing things properly.",
    "Our people stay with us because they get to do meaningful work with good colleagues.",
    "We have been named a top workplace in our region several years running.",
    "We invest in our people: every employee has a development plan and time to learn.",
    "Diverse teams make better decisions, and we hire accordingly.",
    "We are in the middle of a multi-year modernisation programme, so there is a lot to build.",
    "Decisions here are made with evidence, and everyone is encouraged to ask why.",
    "We are a flexible employer and judge results, not hours at a desk.",
    "Our customers trust us with important moments in their lives, and we take that seriously.",
    "We move quickly, but we do not cut corners on quality or security.",
    "Teams here are small, autonomous and close to the customer.",
    "We believe in promoting from within and in giving people stretch assignments.",
)

_TEAMS = (
    ("Analytics", "Business Intelligence", "Insights", "Enterprise Reporting"),
    ("Data Platform", "Data Engineering", "Data Foundations"),
    ("Product Engineering", "Platform", "Digital", "Customer Platform"),
    ("Infrastructure", "Cloud Platform", "Site Reliability"),
    ("Data Science", "Advanced Analytics", "Applied AI"),
    ("Product", "Transformation Office", "Program Management Office"),
    ("Finance", "FP&A", "Corporate Finance"),
    ("Operations", "Supply Chain", "Distribution"),
)
_ENJOYS = (
    "turning messy data into decisions", "building reliable data systems",
    "shipping software that customers love", "automating everything twice",
    "solving ambiguous problems with data", "bringing people together to get things done",
    "numbers that tell a story", "making complex operations run smoothly",
)  # fmt: skip

_INTROS = (
    "We are looking for a {title} to join our {team} team{where}.",
    "{company} is hiring a {title}{where}. You will join the {team} team, {n} people who care "
    "about doing things properly.",
    "As our new {title}, you will sit at the centre of the {team} group and help shape how "
    "{company} makes decisions.",
    "This is an opportunity for a {title} to make a visible difference at {company}. The role "
    "is part of our {team} team{where}.",
    "Our {team} team is growing, and we need a {title} who enjoys {enjoys}.",
    "Do you enjoy {enjoys}? {company} is looking for a {title} for the {team} team{where}.",
)

_RESPONSIBILITIES = (
    (
        "Turn loosely worded business questions into well-defined analyses and clear "
        "recommendations.",
        "Build and maintain the dashboards and recurring reports that leaders rely on every week.",
        "Partner with finance, operations and product teams to define KPIs and keep their "
        "definitions consistent.",
        "Investigate anomalies in the numbers and explain what changed and why.",
        "Automate manual reporting so the team spends its time on analysis, not copy and paste.",
        "Design and evaluate A/B tests and other experiments with the product team.",
        "Document data sources, metric definitions and known caveats for colleagues.",
        "Present findings to senior leaders in plain language, with the right level of detail.",
        "Work with data engineers to improve the quality and timeliness of source data.",
        "Support ad hoc requests during planning season and quarter-end close.",
        "Profile customer, claims and sales data to find opportunities worth pursuing.",
        "Own a portfolio of self-service reports and retire the ones nobody uses.",
    ),
    (
        "Design, build and operate batch and streaming data pipelines.",
        "Model raw data into clean, well-documented tables for analysts and data scientists.",
        "Monitor pipeline health, data freshness and cost, and fix issues before users notice.",
        "Work with source-system owners to understand schemas, changes and service levels.",
        "Improve data quality with automated tests, alerts and clear ownership.",
        "Contribute to architecture decisions for the company's data platform.",
        "Migrate legacy jobs from on-premise servers to the cloud.",
        "Tune slow queries and storage layouts to keep warehouse spend in check.",
        "Write runbooks and take part in a light on-call rotation.",
        "Review code and share good engineering practice with the wider team.",
        "Partner with security so that sensitive data is masked and access is audited.",
    ),
    (
        "Design, build and ship features across the stack in small, frequent increments.",
        "Write clean, well-tested code and review your colleagues' pull requests.",
        "Collaborate with product managers and designers from idea to release.",
        "Improve the performance, reliability and accessibility of customer-facing applications.",
        "Break large pieces of work into plans the team can deliver.",
        "Take part in on-call and help the team learn from incidents.",
        "Modernise legacy components without disrupting customers.",
        "Contribute to technical design documents and architecture reviews.",
        "Instrument services so that problems are visible before customers report them.",
        "Work with support to reproduce and fix customer-reported issues.",
    ),
    (
        "Build and run the infrastructure that hosts our customer-facing and internal services.",
        "Automate provisioning, deployments and routine operations.",
        "Define and track service-level objectives with engineering teams.",
        "Run incident response and write blameless post-incident reviews.",
        "Harden our environments: patching, secrets management and network policies.",
        "Keep cloud spend visible and under control.",
        "Help product teams adopt self-service tooling and paved paths.",
        "Plan capacity and run disaster-recovery exercises.",
        "Shorten build and release times across the organisation.",
        "Evaluate new managed services and decide what to build and what to buy.",
    ),
    (
        "Frame business problems as modelling problems and agree on how success will be measured.",
        "Build, validate and deploy predictive models with engineering partners.",
        "Run experiments and explain the results, including the uncertainty.",
        "Explore large datasets to find signal, and tell the story of what you found.",
        "Monitor models in production for drift, bias and degraded accuracy.",
        "Prototype new AI-assisted features with product teams.",
        "Write clear technical documentation and share knowledge across teams.",
        "Work with experts in underwriting, pricing or claims to encode what they know.",
        "Contribute to reusable feature pipelines and modelling libraries.",
    ),
    (
        "Own the roadmap for a product area and explain the why behind it.",
        "Plan and run cross-functional projects from kickoff to launch.",
        "Keep scope, schedule, risks and dependencies visible to everyone involved.",
        "Talk to customers and internal users every week and turn what you learn into priorities.",
        "Write crisp requirements and acceptance criteria with engineering.",
        "Run steering meetings and status reporting for senior sponsors.",
        "Manage vendors and contracts for the programme.",
        "Define success metrics and follow up after launch.",
        "Coordinate change management and training for affected teams.",
        "Resolve conflicts between competing priorities with data and judgement.",
    ),
    (
        "Prepare the monthly, quarterly and annual forecasts and explain variances.",
        "Build models that support pricing, investment and headcount decisions.",
        "Partner with department heads on their plans and spending.",
        "Produce board and executive reporting packs.",
        "Improve the month-end close process and its controls.",
        "Analyse profitability by product, channel and region.",
        "Support audits and regulatory filings with accurate, documented numbers.",
        "Automate recurring reports and reconciliations.",
        "Evaluate business cases and track benefits after approval.",
    ),
    (
        "Run day-to-day operations for a site or region and hit safety, quality and service "
        "targets.",
        "Plan inventory, capacity and labour to meet demand at the lowest cost.",
        "Manage relationships with carriers, suppliers and third-party warehouses.",
        "Run continuous-improvement projects and standardise the best way of working.",
        "Track performance metrics and act quickly on exceptions.",
        "Forecast demand with the commercial team and adjust plans as it changes.",
        "Negotiate contracts and monitor supplier performance.",
        "Work with finance on operating costs and capital requests.",
        "Build a safe, engaged team culture on every shift.",
        "Roll out new systems and processes with minimal disruption.",
    ),
)
_BOSSES = (
    ("Director of Analytics", "Chief Data Officer"),
    ("Head of Data Platform",),
    ("Engineering Manager", "VP of Engineering"),
    ("Director of Infrastructure",),
    ("Head of Data Science", "Chief Data Officer"),
    ("VP Product", "Chief Operating Officer"),
    ("Chief Financial Officer", "Director of FP&A"),
    ("VP Operations", "Chief Operating Officer"),
)
_PARTNERS = ("finance and operations leaders", "underwriting, claims and actuarial teams",
             "product and engineering", "sales and marketing", "the executive team",
             "colleagues in IT and security", "our regional business units")  # fmt: skip
_AREAS = ("data and analytics", "digital products", "cloud infrastructure",
          "operational excellence", "financial planning", "service quality")  # fmt: skip
_CONTEXT = (
    "You will report to the {boss} and work closely with {partners}.",
    "The team supports {partners} and is known for careful, well-documented work.",
    "This is a new position, created as part of a broader investment in {area}.",
    "The person in this role becomes a go-to partner for {partners}.",
    "You will report to the {boss}; expect plenty of contact with {partners}.",
    "We are replacing a colleague who was promoted, so you will inherit a well-run area with "
    "room to improve it.",
)
_PROCESS = (
    "Our hiring process: a 30-minute call with a recruiter, a conversation with the hiring "
    "manager, a practical exercise that we review together, and a final meeting with the team.",
    "We aim to make a decision within three weeks of your first interview and will keep you "
    "informed at every step.",
    "Interviews are held by video; the final stage can be in person if you prefer.",
    "We read every application ourselves. If your experience is unusual, tell us about it in a "
    "short note.",
    "Expect two or three conversations in total; we do not set take-home work that takes more "
    "than two hours.",
)
_MANAGER_DUTIES = (
    "Hire, coach and grow a team of {n} people.",
    "Set quarterly priorities with business partners and make trade-offs visible.",
    "Own the team's spend, vendor relationships and headcount plan.",
    "Represent the function in senior forums and speak for its work.",
    "Build a culture of ownership and continuous learning.",
)

_SKILL_PHRASES = {
    "SQL": ("Advanced SQL: window functions, CTEs and query tuning",
            "Fluency in SQL against large relational datasets"),
    "Python": ("Python for data wrangling and automation",
               "Solid Python skills and clean, tested code"),
    "Excel": ("Advanced Excel: pivot tables, lookups and Power Query",
              "Expert-level Excel skills"),
    "Tableau": ("Building dashboards in Tableau that people actually use",),
    "Power BI": ("Designing Power BI reports and data models",),
    "Large language models": (
        "Experience building features on large language models (LLMs)",
        "Understanding of how Large language models behave, fail and are evaluated",
        "Hands-on work with Large language models through APIs or open-weight models"),
    "Generative AI": (
        "Interest in Generative AI and practical ideas for using it responsibly",
        "Experience taking Generative AI use cases from pilot to production",
        "Familiarity with Generative AI tools and their limits"),
    "Retrieval-augmented generation": (
        "Experience designing retrieval-augmented generation (RAG) pipelines",
        "Knowledge of Retrieval-augmented generation patterns: chunking, embeddings, evaluation"),
    "Kubernetes": ("Running production workloads on Kubernetes",
                   "Operating Kubernetes clusters: upgrades, autoscaling, policies"),
    "Terraform": ("Infrastructure as code with Terraform",
                  "Writing reusable Terraform modules"),
    "dbt": ("Building and testing models in dbt",
            "Experience with dbt: models, tests and documentation"),
    "Snowflake": ("Experience with Snowflake as a cloud data warehouse",),
    "Databricks": ("Experience with Databricks notebooks, jobs and Delta tables",),
    "jQuery": ("Maintaining legacy jQuery front ends",
               "Experience with jQuery and server-rendered pages"),
    "Apache Hadoop": ("Experience with Apache Hadoop clusters (HDFS, Hive, MapReduce)",
                      "Administering or developing on Apache Hadoop"),
    "Adobe Flash": ("Experience migrating legacy Adobe Flash content to HTML5",
                    "Familiarity with Adobe Flash (ActionScript) applications"),
    "Perl": ("Scripting in Perl for automation", "Maintaining existing Perl scripts"),
    "COBOL": ("Ability to read and maintain COBOL programs on the mainframe",
              "COBOL experience for our policy administration systems"),
    "Visual Basic": ("Experience automating reports with Visual Basic macros",
                     "Visual Basic development (VB.NET or VB6)"),
    "SAS": ("Statistical programming in SAS (Base SAS, SAS/STAT)",
            "Experience with SAS for reporting and analysis"),
    "Communication": ("Excellent written and verbal communication skills",
                      "Clear communication with technical and non-technical audiences",
                      "Strong communication skills and a habit of writing things down"),
    "Leadership": ("Proven leadership of small, cross-functional teams",
                   "Leadership experience: hiring, coaching and developing people",
                   "Calm, hands-on leadership when things get busy"),
    "Mentoring": ("You enjoy mentoring less experienced colleagues",
                  "Experience mentoring junior team members"),
    "Stakeholder management": ("Strong stakeholder management up to executive level",
                               "Stakeholder management across business and IT"),
    "Project management": ("Solid project management skills: scope, schedule, risk",
                           "Formal project management training (PMP or similar)"),
    "Budgeting": ("Experience with budgeting and forecasting cycles",
                  "Ownership of budgeting for a team or cost centre"),
    "Financial modelling": ("Strong financial modelling skills",
                            "Experience with financial modelling and scenario analysis"),
    "Agile": ("Experience working in Agile teams", "Comfort with Agile delivery in short iterations"),
    "Scrum": ("Familiarity with Scrum ceremonies and roles",
              "Scrum Master or Product Owner certification"),
    "Six Sigma": ("Six Sigma Green Belt or higher", "Process improvement with Six Sigma methods"),
    "Lean": ("Practical knowledge of Lean principles", "Experience running Lean improvement events"),
    "Statistics": ("A good grounding in statistics: hypothesis tests, regression, sampling",
                   "Applied statistics for experiments and forecasting"),
    "Data governance": ("Understanding of data governance, lineage and access controls",
                        "Experience with data governance programmes"),
    "Data visualization": ("An eye for data visualization and honest charts",
                           "Data visualization best practices"),
    "ETL": ("Designing ETL processes for reliable loads", "Building ETL and ELT pipelines"),
    "Machine learning": ("Applied machine learning: features, validation and monitoring",
                         "Experience taking machine learning models to production"),
    "Git": ("Version control with Git and good code-review habits",),
    "CI/CD": ("Setting up and maintaining CI/CD pipelines",),
    "REST APIs": ("Designing and consuming REST APIs",),
    "microservices": ("Experience with microservices architectures",),
    "Linux": ("Comfort on the Linux command line",),
    "Salesforce": ("Experience with Salesforce data and reporting",),
    "SAP": ("Working knowledge of SAP (S/4HANA or ECC)",),
    "Docker": ("Packaging services with Docker",),
    "prompt engineering": ("Practical prompt engineering for internal tools",),
}  # fmt: skip
_SKILL_DISPLAY = {
    "Amazon Web Services": ("Amazon Web Services (AWS)", "Amazon Web Services", "AWS"),
    "Google Cloud Platform": ("Google Cloud Platform (GCP)", "Google Cloud Platform"),
    "Microsoft Azure": ("Microsoft Azure", "Azure"),
    "Financial modelling": ("financial modelling", "financial modelling", "financial modeling"),
}
_REQUIRED = (
    "Hands-on experience with {s}", "{n}+ years of experience with {s}",
    "Strong working knowledge of {s}", "Proficiency in {s}",
    "Practical experience using {s} in production", "Comfortable with {s} in day-to-day work",
    "Demonstrated experience with {s}",
)  # fmt: skip
_REQUIRED_GROUP = (
    "Experience with {a} and {b}", "Working knowledge of {a}, {b} and {c}",
    "Hands-on experience across {a}, {b} and {c}", "Production experience with {a} and {b}",
)  # fmt: skip
_NICE = (
    "Exposure to {s}", "Familiarity with {s}", "Some experience with {s} is a plus",
    "Any exposure to {s}", "Certification or coursework in {s}", "Experience with {s}",
)  # fmt: skip
_EMERGING_PHRASES = {
    "agentic workflows": ("Interest in agentic workflows that automate multi-step tasks",
                          "Experience prototyping agentic workflows with a human in the loop"),
    "semantic layer": ("Experience defining shared metrics in a semantic layer",
                       "Familiarity with a semantic layer used across reporting tools"),
    "data contracts": ("Experience introducing data contracts between producing and consuming "
                       "teams",),
    "vector search": ("Experience with vector search and embeddings",),
}  # fmt: skip
_STACK = ("Our stack today: {list}.", "You will work with {list} every day.",
          "Tools you will use: {list}.", "Day to day, the team relies on {list}.")  # fmt: skip
_YEARS = (1, 3, 5, 7, 8, 12)
_DEGREES = (
    "Bachelor's degree in a quantitative field, or equivalent experience",
    "Degree in computer science, engineering or similar, or equivalent practical experience",
    "Degree in mathematics, economics or a related subject",
    "Bachelor's degree in business, information systems or a related field",
)
_BENEFITS = (
    "Medical, dental and vision coverage from your first day", "401(k) with a {match}% match",
    "{pto} days of paid time off plus company holidays", "Paid parental leave of {weeks} weeks",
    "Annual professional development allowance", "Tuition reimbursement for job-related courses",
    "Flexible working hours", "Home-office stipend for remote employees",
    "Employee stock purchase plan", "Wellness programme and gym discount",
    "Two paid volunteer days a year", "Annual bonus tied to company and personal results",
    "Life and disability insurance", "Employee assistance programme",
    "Pension plan with employer contributions", "Commuter benefits and free parking",
)  # fmt: skip
_CLOSINGS = (
    "{company} is an equal opportunity employer. We welcome applicants of every background, "
    "age and ability.",
    "We are committed to an inclusive hiring process. If you need an accommodation, tell us and "
    "we will make it happen.",
    "Applicants must be authorised to work in the United States; we cannot sponsor visas for "
    "this role.",
    "Don't meet every requirement? Apply anyway: we care more about what you can learn than "
    "about a checklist.",
    "All qualified applicants will receive consideration for employment without regard to race, "
    "colour, religion, sex, sexual orientation, gender identity, national origin, age, "
    "disability or veteran status.",
)
_HEADINGS = (
    ("About us", "Who we are", "About {company}", "The company"),
    ("The role", "About the role", "The opportunity"),
    ("What you'll do", "Responsibilities", "Your impact", "In this role you will"),
    ("What you bring", "Requirements", "Qualifications", "You'll be successful if you have"),
    ("Nice to have", "Bonus points", "Preferred qualifications", "It would be great if you have"),
    ("What we offer", "Benefits", "Perks and benefits", "Why join us"),
)


def _skill_text(d: _Draws, skill: str) -> str:
    return d.pick(_SKILL_DISPLAY.get(skill, (skill,)))


def _requirement_lines(d: _Draws, skills: list[str], seniority: int) -> list[str]:
    lines, i = [], 0
    tech = [s for s in skills if s not in _SOFT]
    soft = [s for s in skills if s in _SOFT]
    while i < len(tech):
        rest = len(tech) - i
        if rest >= 2 and d.chance(0.3):
            k = 3 if rest >= 3 and d.chance(0.5) else 2
            names = [_skill_text(d, s) for s in tech[i : i + k]]
            template = d.pick([t for t in _REQUIRED_GROUP if ("{c}" in t) == (k == 3)])
            lines.append(template.format(a=names[0], b=names[1], c=names[-1]))
            i += k
            continue
        skill = tech[i]
        if skill in _SKILL_PHRASES and d.chance(0.6):
            lines.append(d.pick(_SKILL_PHRASES[skill]))
        else:
            n = max(1, _YEARS[seniority] - d.int(0, 2))
            lines.append(d.pick(_REQUIRED).format(s=_skill_text(d, skill), n=n))
        i += 1
    lines += [d.pick(_SKILL_PHRASES[s]) for s in soft]
    return lines


def _nice_lines(d: _Draws, skills: list[str], emerging: list[str]) -> list[str]:
    lines = []
    for skill in skills:
        if skill in _SKILL_PHRASES and (skill in _SOFT or d.chance(0.4)):
            lines.append(d.pick(_SKILL_PHRASES[skill]))
        else:
            lines.append(d.pick(_NICE).format(s=_skill_text(d, skill)))
    lines += [d.pick(_EMERGING_PHRASES[t]) for t in emerging]
    return lines


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _describe(d: _Draws, p: dict) -> str:
    """A job ad of several paragraphs; every skill in p['required'] and p['nice'] is named."""
    company, fam, sen = p["company"], p["family"], p["seniority"]
    facts = {
        "company": company, "hq": p["hq"], "founded": p["founded"],
        "customers": f"{d.int(2, 40) * 50_000:,}", "employees": f"{d.int(8, 120) * 100:,}",
        "stores": d.int(40, 900), "fleet": d.int(3, 30) * 100, "countries": d.int(4, 60),
        "shipments": f"{d.int(1, 9)} million", "plants": d.int(3, 24), "projects": d.int(4, 30) * 100,
    }  # fmt: skip
    about = [d.pick(_ABOUT_INDUSTRY[p["industry"]]).format(**facts)]
    about += d.sample(_CULTURE, d.int(2, 3))
    if d.chance(0.5):
        about.insert(1, d.pick(_ABOUT_INDUSTRY[p["industry"]]).format(**facts))
        if about[1] == about[0]:
            del about[1]
    if p["remote"]:
        where = d.pick((" (remote within the US)", ", fully remote", " as a remote employee"))
    elif d.chance(0.55):
        where = f" in {p['city']} (hybrid, {d.int(2, 3)} days a week in the office)"
    else:
        where = f" at our {p['city']} office"
    intro = [d.pick(_INTROS).format(
        title=p["title"], team=d.pick(_TEAMS[fam]), where=where, company=company,
        n=d.int(4, 25), enjoys=_ENJOYS[fam],
    )]  # fmt: skip
    intro += [c.format(boss=d.pick(_BOSSES[fam]), partners=d.pick(_PARTNERS), area=d.pick(_AREAS))
              for c in d.sample(_CONTEXT, d.int(1, 2))]  # fmt: skip
    stack = [s for s in p["required"] if s not in _SOFT][:4]
    if len(stack) >= 3 and d.chance(0.35):
        intro.append(d.pick(_STACK).format(list=_join([_skill_text(d, s) for s in stack])))
    duties = d.sample(_RESPONSIBILITIES[fam], d.int(5, 7))
    if sen >= 4:
        duties += [t.format(n=d.int(4, 14)) for t in d.sample(_MANAGER_DUTIES, d.int(1, 3))]
    years = _YEARS[sen]
    needs = [
        d.pick((
            f"{years}+ years of relevant experience",
            f"At least {years} years in a similar role",
            f"{years}+ years of professional experience",
        )),
        *_requirement_lines(d, p["required"], sen),
    ]  # fmt: skip
    if d.chance(0.6):
        needs.append(d.pick(_DEGREES))
    nice = _nice_lines(d, p["nice"], p["emerging"])
    perks = [
        b.format(match=d.int(3, 6), pto=d.int(15, 28), weeks=d.pick((8, 12, 16)))
        for b in d.sample(_BENEFITS, d.int(4, 6))
    ]
    if p["pay_text"]:
        perks.insert(0, p["pay_text"])
    bullet = d.pick(("- ", "• ", "* "))
    plain = d.chance(0.15)
    heads = [d.pick(h).format(company=company) for h in _HEADINGS]

    def section(i: int, lines: list[str], as_list: bool = True) -> str:
        body = "\n".join(bullet + x for x in lines) if as_list and not plain else " ".join(lines)
        if plain:
            return body
        sep = "\n" if d.chance(0.6) else ":\n"
        return heads[i] + sep + body

    parts = [section(0, about, False), section(1, intro, False), section(2, duties)]
    parts.append(section(3, needs))
    if nice:
        parts.append(section(4, nice))
    parts.append(section(5, perks))
    if d.chance(0.6):
        parts.append(" ".join(d.sample(_PROCESS, d.int(1, 2))))
    if d.chance(0.8):
        parts.append(d.pick(_CLOSINGS).format(company=company))
    return "\n\n".join(parts)


def _month_starts(today: date) -> list[date]:
    return [_months_back(today, k) for k in range(36, 0, -1)]


def _skill_matrix(rng, family, seniority, month, months: int) -> np.ndarray:
    """Boolean postings x SKILLS; per month the count of each skill follows its trend line."""
    n = len(family)
    x = month / (months - 1)
    start = np.array([_TREND.get(s, (1.0, 1.0))[0] for s in SKILLS])
    end = np.array([_TREND.get(s, (1.0, 1.0))[1] for s in SKILLS])
    prob = _BASE[:, family].T * (start + (end - start) * x[:, None])
    for s, boost in _SENIORITY_BOOST.items():
        prob[:, SKILLS.index(s)] += np.array(boost)[seniority]
    prob = np.clip(prob, 0.0, 0.97)
    has = np.zeros((n, len(SKILLS)), dtype=bool)
    carry = np.zeros(len(SKILLS))
    for m in range(months):
        rows = np.flatnonzero(month == m)
        block = prob[rows]
        expected = block.sum(axis=0) + carry
        counts = np.floor(expected + 0.5).astype(int)
        carry = expected - counts
        for s in range(len(SKILLS)):
            weights = block[:, s]
            k = min(counts[s], int((weights > 0).sum()))
            if k > 0:
                chosen = rng.choice(len(rows), size=k, replace=False, p=weights / weights.sum())
                has[rows[chosen], s] = True
    return has


def _stratified_families(rng, month: np.ndarray, months: int) -> np.ndarray:
    """Each month gets the family mix FAMILY_WEIGHTS (randomised rounding), so that a month's
    skill shares move with time and not with which families happened to post."""
    share = FAMILY_WEIGHTS / FAMILY_WEIGHTS.sum()
    family = np.empty(len(month), dtype=int)
    for m in range(months):
        rows = np.flatnonzero(month == m)
        raw = len(rows) * share
        counts = np.floor(raw).astype(int)
        extra = len(rows) - counts.sum()
        if extra:
            remainder = raw - counts
            counts[
                rng.choice(len(share), size=extra, replace=False, p=remainder / remainder.sum())
            ] += 1
        family[rows] = rng.permutation(np.repeat(np.arange(len(share)), counts))
    return family


def _postings(seed: int, size: DemoSize, today: date, import_id: int) -> dict[str, list]:
    rng = np.random.default_rng([seed, 1])
    starts = _month_starts(today)
    months = len(starts)
    x = np.arange(months) / (months - 1)
    season = np.array([1.12, 1.08, 1.05, 1.0, 1.0, 0.97, 0.93, 0.97, 1.04, 1.02, 0.92, 0.8])
    weights = (1 + 0.35 * x) * season[[s.month - 1 for s in starts]]
    month = np.repeat(np.arange(months), _allocate(size.postings, weights))
    n = size.postings
    family = _stratified_families(rng, month, months)
    seniority = rng.choice(len(SENIORITIES), size=n, p=SENIORITY_WEIGHTS / SENIORITY_WEIGHTS.sum())
    company_weight = rng.uniform(0.5, 2.0, len(COMPANIES))
    company_weight[: len(TARGET_COMPANIES)] = 1.6
    mix = np.array([_INDUSTRY_MIX[c[1]] for c in COMPANIES]) * company_weight[:, None]
    company = np.empty(n, dtype=int)
    for f in range(len(FAMILIES)):
        rows = np.flatnonzero(family == f)
        company[rows] = rng.choice(len(COMPANIES), size=len(rows), p=mix[:, f] / mix[:, f].sum())
    has = _skill_matrix(rng, family, seniority, month, months)
    city_names = [c for c, _, _ in CITIES]
    city_weights = [w for _, _, w in CITIES]
    remote_share = (0.22, 0.25, 0.35, 0.35, 0.28, 0.2, 0.15, 0.05)
    rows: dict[str, list] = {k: [] for k in _POSTING_COLUMNS}
    next_id = {"linkedin": 3_781_000_000, "indeed": 0, "glassdoor": 1_008_700_000_000}
    for i in range(n):
        d = _Draws(seed, 2, i)
        fam, sen = int(family[i]), int(seniority[i])
        name, industry, hq, founded = COMPANIES[company[i]]
        start = starts[month[i]]
        last_day = min(calendar.monthrange(start.year, start.month)[1], (today - start).days)
        posted = start + timedelta(days=d.int(0, last_day - 1))
        remote = d.chance(remote_share[fam])
        city = hq if d.chance(0.7) else d.weighted(city_names, city_weights)
        title = d.pick(TITLES[FAMILIES[fam]][sen])
        if remote and d.chance(0.15):
            title += d.pick((" - Remote", " (Remote)"))
        job_type = d.weighted(("fulltime", "contract", "parttime"), (0.86, 0.11, 0.03))
        if job_type == "contract" and d.chance(0.5):
            title += " (Contract)"
        source = d.weighted(("linkedin", "indeed", "glassdoor"), (0.5, 0.35, 0.15))
        skills = [SKILLS[s] for s in np.flatnonzero(has[i])]
        ranked = sorted(skills, key=lambda s: -_BASE[SKILLS.index(s), fam] - 0.2 * d.u())
        n_required = max(1, int(np.ceil(len(ranked) * d.weighted((0.55, 0.7, 0.85), (1, 2, 1)))))
        emerging = [
            t for t, share in _EMERGING.items() if d.chance(share[fam] * float(x[month[i]]))
        ]
        salary = _salary(d, fam, sen, city, remote, skills, source, job_type, float(x[month[i]]))
        salary_min, salary_max, interval, pay_text = salary
        p = {
            "company": name, "industry": industry, "hq": hq, "founded": founded, "family": fam,
            "seniority": sen, "title": title, "remote": remote, "city": city,
            "required": ranked[:n_required], "nice": ranked[n_required:], "emerging": emerging,
            "pay_text": pay_text,
        }  # fmt: skip
        description = _describe(d, p)
        if source == "linkedin":
            next_id["linkedin"] += d.int(1, 150_000)
            external = str(next_id["linkedin"])
            url = f"https://www.linkedin.com/jobs/view/{external}/"
        elif source == "indeed":
            next_id["indeed"] += d.int(1, 2**40)
            external = f"{(next_id['indeed'] * 2654435761) % 2**64:016x}"
            url = f"https://www.indeed.com/viewjob?jk={external}"
        else:
            next_id["glassdoor"] += d.int(1, 400_000)
            external = str(next_id["glassdoor"])
            url = f"https://www.glassdoor.com/job-listing/{_slug(title)}-{_slug(name)}-JV.htm?jl={external}"
        if remote:
            location = d.weighted(("Remote", "United States", city), (0.5, 0.3, 0.2))
        else:
            location = city
        values = (
            stable_posting_id(source, url, title, name, description), source, external, url,
            title, name, location, remote, posted, job_type, salary_min, salary_max,
            "USD" if salary_min is not None else None, interval, description, None, import_id,
        )  # fmt: skip
        for key, value in zip(_POSTING_COLUMNS, values, strict=True):
            rows[key].append(value)
    return rows


def _salary(d: _Draws, fam, sen, city, remote, skills, source, job_type, x):
    """(min, max, interval, sentence for the ad) in annual USD, or Nones when not disclosed."""
    disclose = {"linkedin": 0.35, "indeed": 0.55, "glassdoor": 0.5}[source] + 0.15 * x
    if not d.chance(disclose):
        return None, None, None, None
    mid = _BASE_SALARY[fam] * _SENIORITY_PAY[sen] * (1.0 if remote else _CITY_FACTOR[city])
    mid *= 1.0 + 0.03 * 3 * x  # three years of wage growth across the window
    if any(
        s in skills
        for s in ("Large language models", "Generative AI", "Retrieval-augmented generation")
    ):
        mid *= 1.07
    if any(s in skills for s in ("Kubernetes", "Terraform", "Databricks", "Snowflake", "dbt")):
        mid *= 1.04
    if any(s in skills for s in ("COBOL", "Perl", "Visual Basic")):
        mid *= 0.97
    mid *= float(np.exp(0.07 * (d.u() + d.u() + d.u() - 1.5) * 2))
    low, high = mid * (0.85 + 0.07 * d.u()), mid * (1.08 + 0.1 * d.u())
    if d.chance(0.7 if job_type == "contract" else 0.08):
        rate_low, rate_high = round(low / 2080 * 2) / 2, round(high / 2080 * 2) / 2
        text = f"Pay: ${rate_low:,.2f} - ${rate_high:,.2f} per hour"
        return rate_low * 2080, rate_high * 2080, "hourly", text if d.chance(0.7) else None
    low, high = round(low, -3), round(high, -3)
    text = d.pick(("Salary range: ${a:,.0f} - ${b:,.0f} per year",
                   "The base pay for this role is ${a:,.0f} to ${b:,.0f} a year"))  # fmt: skip
    return low, high, "yearly", text.format(a=low, b=high) if d.chance(0.7) else None


_POSTING_COLUMNS = (
    "posting_id", "source", "external_id", "url", "title", "company", "location", "is_remote",
    "date_posted", "job_type", "salary_min", "salary_max", "salary_currency", "salary_interval",
    "description", "skills_list", "import_id",
)  # fmt: skip


# --------------------------------------------------------------------------- the persona

PERSONA = {
    "first_name": "Margaret",
    "last_name": "Whitfield",
    "headline": "Senior Manager, Data & BI at Great Lakes Mutual Insurance | Insurance analytics "
    "| Building data-driven teams",
    "summary": "Thirty years in data and reporting, from COBOL batch jobs to Tableau dashboards. "
    "I lead an 11-person BI team at a regional insurer and care about numbers people can trust. "
    "Currently learning Python and generative AI, and open to analytics leadership roles in "
    "Columbus or remote.",
    "birth_date": "1970-03-14",
    "birth_year": "1970",
    "industry": "Insurance",
    "location": "Columbus, Ohio, United States",
}

# (company, spellings used by contacts, title, location, started, finished, description)
POSITIONS = (
    ("ACME Insurance Company",
     ("ACME Insurance Company", "Acme Insurance Co.", "Acme Insurance", "ACME Insurance Co"),
     "Programmer Analyst", "Hartford, CT", date(1992, 7, 6), date(1997, 3, 28),
     "Maintained COBOL batch programs for policy administration on the IBM mainframe. Wrote JCL "
     "and DB2 queries, and produced actuarial extracts in SAS for the pricing team."),
    ("Midstate Data Services",
     ("Midstate Data Services", "MidState Data Services Inc.", "Midstate Data"),
     "Systems Analyst", "Dayton, OH", date(1997, 4, 14), date(2004, 8, 31),
     "Led the year-2000 remediation of COBOL claims systems for three insurance clients, then "
     "built Visual Basic front ends on Oracle Database to replace green-screen workflows."),
    ("Riverbend Bank",
     ("Riverbend Bank", "Riverbend Bank, N.A.", "RiverBend Bank"),
     "Senior Reporting Analyst", "Cincinnati, OH", date(2004, 9, 20), date(2010, 5, 28),
     "Credit-risk and regulatory reporting in SAS and SPSS on an Oracle Database warehouse. "
     "Automated the monthly board pack with Visual Basic macros in Excel, saving four days a "
     "month."),
    ("Ohio Valley Health Partners",
     ("Ohio Valley Health Partners", "Ohio Valley Health", "OVHP"),
     "Business Intelligence Manager", "Columbus, OH", date(2010, 6, 14), date(2016, 4, 29),
     "Built and led a six-person BI team. Moved reporting from SAS to Microsoft SQL Server and "
     "Tableau, built internal web dashboards with jQuery, and set up the first data governance "
     "council."),
    ("Crestline Retail Group",
     ("Crestline Retail Group", "Crestline Retail", "Crestline Group Inc."),
     "Analytics Manager", "Columbus, OH", date(2016, 5, 16), date(2019, 2, 28),
     "Ran merchandising and store analytics with SQL and Tableau. Sponsored an Apache Hadoop "
     "pilot for clickstream data (retired in 2017). Stakeholder management with merchants and "
     "finance; budgeting for a team of eight."),
    ("Great Lakes Mutual Insurance",
     ("Great Lakes Mutual Insurance", "Great Lakes Mutual", "Great Lakes Mutual Insurance Co."),
     "Senior Manager, Data & Business Intelligence", "Columbus, OH", date(2019, 3, 18), None,
     "Lead an 11-person team delivering claims, underwriting and finance reporting in SQL, "
     "Tableau and Excel. Stakeholder management with the executive team, budgeting of a $2.4M "
     "programme, data governance, leadership of the move to a cloud warehouse. Learning Python "
     "basics (pandas) to automate reconciliations."),
)  # fmt: skip
CURRENT_EMPLOYER = POSITIONS[-1][0]
_EMPLOYER_TAGS = ("ex-ACME", "ex-Midstate", "ex-Riverbend", "ex-OVHP", "ex-Crestline", "GLM")

# (skill, proficiency, last used (None = current, "" = never), years, wants to grow, source)
PROFILE_SKILLS = (
    ("SQL", 5, None, 22.0, False, "linkedin-skills"),
    ("Excel", 5, None, 30.0, False, "linkedin-skills"),
    ("Tableau", 4, None, 14.0, False, "linkedin-skills"),
    ("Stakeholder management", 5, None, 16.0, False, "linkedin-skills"),
    ("Leadership", 4, None, 16.0, False, "linkedin-skills"),
    ("Communication", 5, None, 30.0, False, "profile-file"),
    ("Budgeting", 4, None, 10.0, False, "profile-file"),
    ("Data governance", 4, None, 12.0, False, "linkedin-skills"),
    ("Data visualization", 4, None, 14.0, False, "linkedin-skills"),
    ("Project management", 4, None, 18.0, False, "linkedin-skills"),
    ("Mentoring", 4, None, 12.0, False, "profile-file"),
    ("Microsoft SQL Server", 4, date(2024, 6, 30), 12.0, False, "linkedin-skills"),
    ("Power BI", 2, date(2025, 9, 30), 1.0, True, "profile-file"),
    ("Python", 2, None, 1.5, True, "profile-file"),
    ("ETL", 3, date(2022, 12, 31), 10.0, False, "linkedin-skills"),
    ("Agile", 3, date(2024, 3, 31), 6.0, False, "linkedin-skills"),
    ("Statistics", 3, date(2019, 2, 28), 15.0, False, "linkedin-skills"),
    ("Oracle Database", 3, date(2010, 5, 28), 13.0, False, "linkedin-skills"),
    ("SAS", 5, date(2016, 4, 29), 20.0, False, "linkedin-skills"),
    ("SPSS", 3, date(2008, 12, 31), 4.0, False, "linkedin-skills"),
    ("COBOL", 4, date(2004, 8, 31), 12.0, False, "linkedin-skills"),
    ("Visual Basic", 3, date(2010, 5, 28), 10.0, False, "linkedin-skills"),
    ("Apache Hadoop", 2, date(2017, 9, 30), 1.5, False, "profile-file"),
    ("jQuery", 2, date(2015, 6, 30), 3.0, False, "profile-file"),
    ("Six Sigma", 2, date(2012, 11, 30), 2.0, False, "linkedin-skills"),
    ("Machine learning", 1, "", 0.0, True, "profile-file"),
    ("Generative AI", 1, "", 0.0, True, "profile-file"),
    ("dbt", 1, "", 0.0, True, "profile-file"),
)
_ENDORSED = ("SQL", "Tableau", "Stakeholder management", "Leadership", "SAS", "Data governance",
             "Excel", "Project management", "Data visualization", "Microsoft SQL Server")  # fmt: skip


def _profile(seed: int, size: DemoSize, today: date, import_id: int, endorsers: list[str]):
    d = _Draws(seed, 3)
    profile = {"key": list(PERSONA), "value": list(PERSONA.values()),
               "import_id": [import_id] * len(PERSONA)}  # fmt: skip
    skills = {k: [] for k in ("skill", "proficiency", "last_used", "last_used_source", "years",
                              "wants_to_grow", "source", "import_id")}  # fmt: skip
    for name, level, last, years, grow, source in PROFILE_SKILLS:
        if last is None:
            used, used_source = today, f"position:{CURRENT_EMPLOYER}"
        elif last == "":
            used, used_source = None, None
        else:
            used, used_source = last, "profile"
        row = (name, level, used, used_source, years, grow, source, import_id)
        for key, value in zip(skills, row, strict=True):
            skills[key].append(value)
    positions = {
        "company": [p[0] for p in POSITIONS], "title": [p[2] for p in POSITIONS],
        "description": [p[6] for p in POSITIONS], "location": [p[3] for p in POSITIONS],
        "started_on": [p[4] for p in POSITIONS], "finished_on": [p[5] for p in POSITIONS],
        "import_id": [import_id] * len(POSITIONS),
    }  # fmt: skip
    first_endorsement = date(2012, 10, 1)
    span = (today - first_endorsement).days
    endorsements = sorted(
        (
            d.weighted(_ENDORSED, (8, 6, 5, 5, 4, 3, 3, 3, 2, 2)),
            d.pick(endorsers),
            first_endorsement + timedelta(days=int(span * d.u() ** 0.8)),
        )
        for _ in range(size.endorsements)
    )
    return {
        "profile": profile,
        "profile_skills": skills,
        "positions": positions,
        "endorsements": {
            "skill": [e[0] for e in endorsements], "endorser": [e[1] for e in endorsements],
            "endorsed_on": [e[2] for e in endorsements],
            "import_id": [import_id] * len(endorsements),
        },
    }  # fmt: skip


# --------------------------------------------------------------------------- the network

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark",
    "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Kevin", "Amanda", "Brian", "Melissa",
    "Priya", "Rahul", "Wei", "Mei", "Hiroshi", "Yuki", "Carlos", "María", "José", "Sofía",
    "Ahmed", "Fatima", "Olumide", "Ngozi", "Kwame", "Aisha", "Dmitri", "Olga", "Lars", "Ingrid",
    "Sean", "Siobhan", "Renée", "Zoë", "François", "Tomás", "Jamal", "Keisha", "DeShawn",
    "Latoya", "Ethan", "Olivia", "Noah", "Emma", "Liam", "Ava", "Lucas", "Mia", "Hannah",
    "Tyler", "Megan", "Brandon", "Rachel", "Greg", "Paul", "Heather", "Scott", "Tanya", "Raj",
    "Anita", "Vikram", "Sunita", "Minh", "Linh", "Jae", "Soo-jin",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Shah", "Kumar", "Chen",
    "Wang", "Li", "Zhang", "Kim", "Park", "Tanaka", "Sato", "O'Brien", "O'Connor", "McAllister",
    "MacDonald", "Schmidt", "Müller", "Novak", "Kowalski", "Ivanova", "Petrov", "Okafor",
    "Adeyemi", "Mensah", "Haddad", "Khan", "Ali", "Hussain", "Cohen", "Goldberg", "Rossi",
    "Bianchi", "Dubois", "Lefèvre", "Johansson", "Larsen", "Eriksson", "Fitzgerald", "Kelly",
    "Murphy", "Sullivan", "Brennan", "Hoffmann", "Becker", "Weber", "Yamamoto", "Díaz",
    "Castillo", "Vargas", "Reyes", "Delgado", "Washington", "Brooks",
)  # fmt: skip

HIRING_MANAGER_TITLES = (
    "Director of Data Analytics", "Head of BI", "VP Data", "Engineering Manager",
    "Director, Analytics & Insights", "Chief Data Officer", "Analytics Manager",
    "Senior Director, Data Platform",
)  # fmt: skip
RECRUITER_TITLES = (
    "Technical Recruiter", "Talent Acquisition Partner", "Senior Technical Recruiter",
    "Talent Acquisition Manager", "Recruiting Lead",
)  # fmt: skip
_PEER_TITLES = (
    "Senior Data Analyst", "BI Developer", "Actuarial Analyst", "Claims Operations Manager",
    "Underwriting Manager", "IT Director", "Solutions Architect", "Data Engineer",
    "Product Owner", "VP Finance", "Controller", "Chief Financial Officer", "Software Engineer",
    "Program Manager", "Independent Consultant", "Sales Director", "Account Executive",
    "Marketing Manager", "HR Business Partner", "Data Scientist", "Business Analyst",
    "Database Administrator", "Project Manager", "Operations Manager", "Analytics Engineer",
    "Senior Actuary", "Director of IT", "Risk Manager", "Compliance Officer", "Retired",
)  # fmt: skip
_AGENCIES = ("Keystone Talent Partners", "Midwest Tech Staffing", "Brightpath Search",
             "Crossroads Executive Search")  # fmt: skip
_AGENCY_TITLES = ("Recruiter", "Executive Recruiter", "Senior Recruiter", "Technical Recruiter")
_OTHER_ORGS = ("The Ohio State University", "Columbus State Community College", "TDWI Ohio",
               "Self-employed", "Franklin County", "Nationwide Analytics Forum")  # fmt: skip
_TARGET_SPELLINGS = {
    "Northwind Mutual Insurance": "Northwind Mutual", "Harborlight Health": "Harborlight Health System",
    "Cardinal Ridge Financial": "Cardinal Ridge Financial Corp.",
    "Summit Peak Insurance Group": "Summit Peak Insurance", "Meridian Health Plans": "Meridian Health",
}  # fmt: skip
_TAGS = ("TDWI", "Ohio State alumni", "conference", "vendor", "insurance analytics", "mentor",
         "book club", "board member")  # fmt: skip
_CONTACT_NOTES = (
    "Met at the TDWI Ohio chapter; knows the Columbus insurance market well.",
    "Former direct report; now leads a team of her own.", "Was my manager for four years.",
    "Offered to refer me when the time comes.", "Great at introductions. Prefers a call to email.",
    "Sits on the board of the local data literacy non-profit.",
    "Moved to the West Coast; happy to talk about remote roles.",
)  # fmt: skip


def _contacts(seed: int, size: DemoSize, today: date, import_id: int):
    """Contacts, their sources and recent job changes; local ids are 1..n."""
    d = _Draws(seed, 4)
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < size.contacts:
        first, last = d.pick(FIRST_NAMES), d.pick(LAST_NAMES)
        if f"{first} {last}" not in seen:
            seen.add(f"{first} {last}")
            names.append((first, last))
    people: list[dict] = []

    def add(segment: str, company: str, position: str, tags: list[str]) -> None:
        first, last = names[len(people)]
        people.append({"first": first, "last": last, "segment": segment, "company": company,
                       "position": position, "tags": tags})  # fmt: skip

    for t, count in enumerate(size.target_contacts):
        name = TARGET_COMPANIES[t]
        insider = t < len(size.target_contacts) - 1
        for k in range(count):
            spelled = _TARGET_SPELLINGS.get(name, name) if d.chance(0.2) else name
            if insider and (k == 0 or (k == 2 and count >= 7)):
                add("hiring manager", spelled, d.pick(HIRING_MANAGER_TITLES), [])
            elif insider and k == 1:
                add("recruiter", spelled, d.pick(RECRUITER_TITLES), ["recruiter"])
            else:
                add("target peer", spelled, d.pick(_PEER_TITLES[:-1]), [])
    tenure_weights = (0.12, 0.14, 0.16, 0.18, 0.15, 0.25)
    for _ in range(size.former_colleagues):
        p = d.weighted(range(len(POSITIONS)), tenure_weights)
        spellings = POSITIONS[p][1]
        tag = "colleague" if p == len(POSITIONS) - 1 else "former colleague"
        if d.chance(0.65):
            company = spellings[0] if d.chance(0.55) else d.pick(spellings[1:])
        else:
            company = d.pick(COMPANIES[7:])[0]
        add(f"colleague:{p}", company, d.pick(_PEER_TITLES), [tag, _EMPLOYER_TAGS[p]])
    for _ in range(size.agency_recruiters):
        add("agency", d.pick(_AGENCIES), d.pick(_AGENCY_TITLES), ["recruiter"])
    while len(people) < size.contacts:
        company = d.pick(_OTHER_ORGS) if d.chance(0.12) else d.pick(COMPANIES[7:])[0]
        add("network", company, d.pick(_PEER_TITLES), [d.pick(_TAGS)] if d.chance(0.2) else [])

    # Tiers: closeness favours former colleagues, then the people at target companies.
    closeness = {"colleague": 4.0, "hiring manager": 1.5, "recruiter": 1.0, "target peer": 1.5,
                 "agency": 1.0, "network": 1.0}  # fmt: skip
    free = list(range(len(people)))
    for tier, count in zip(("inner", "important", "broad"), size.tiers, strict=True):
        for _ in range(count):
            w = [closeness[people[i]["segment"].split(":")[0]] for i in free]
            people[free.pop(free.index(d.weighted(free, w)))]["tier"] = tier

    # Connection dates follow the history: colleagues connect while working together.
    for person in people:
        segment = person["segment"]
        person["source"] = d.weighted(("linkedin", "google", "vcard"), (0.85, 0.1, 0.05))
        if segment.startswith("colleague:"):
            _, _, _, _, began, ended, _ = POSITIONS[int(segment.split(":")[1])]
            lo = max(began, date(2006, 1, 15))
            if ended is None or ended > lo:
                hi = ended or today
            else:  # worked together before LinkedIn: connected in its early years
                hi = date(2012, 12, 31)
        elif segment in ("hiring manager", "recruiter", "target peer"):
            lo = today - timedelta(days=d.pick((3000, 1200, 700)))
            hi = today
        else:
            lo, hi = date(2006, 1, 15), today
        hi = min(hi, today - timedelta(days=2))
        offset = (hi - lo).days * (d.u() ** 0.7 if segment == "network" else d.u())
        person["connected_on"] = lo + timedelta(days=int(offset))
    ratings = [i for i, p in enumerate(people) if p.get("tier") in ("inner", "important")]
    for i in d.sample(ratings, size.strength_ratings):
        person = people[i]
        person["strength"] = d.int(3, 5) if person["tier"] == "inner" else d.int(2, 4)
    snoozable = [i for i, p in enumerate(people) if p.get("tier") == "broad"]
    for i, days in zip(d.sample(snoozable, 2), (20, 45), strict=True):
        people[i]["snoozed_until"] = today + timedelta(days=days)
    for i, note in zip(
        d.sample(range(len(people)), len(_CONTACT_NOTES)), _CONTACT_NOTES, strict=True
    ):
        people[i]["notes"] = note

    # Recent job changes: a company and a position row each; one moved to a target company.
    movable = [i for i, p in enumerate(people) if p["segment"] in ("network",) and "tier" not in p]
    changes = []
    for k, i in enumerate(d.sample(movable, size.job_changes)):
        person = people[i]
        old_company = d.pick([c[0] for c in COMPANIES[7:] if c[0] != person["company"]])
        old_position = d.pick([t for t in _PEER_TITLES[:-1] if t != person["position"]])
        if k == 0:
            person["company"], person["position"] = (
                TARGET_COMPANIES[1],
                "Director of Data Analytics",
            )
            person["segment"] = "hiring manager"
        detected = datetime.combine(today - timedelta(days=d.int(3, 40)), time(9, 0))
        changes.append((i + 1, "company", old_company, person["company"], detected))
        changes.append((i + 1, "position", old_position, person["position"], detected))

    contacts = {k: [] for k in _CONTACT_COLUMNS}
    sources = {"contact_id": [], "source": [], "source_key": [], "import_id": []}
    google = set(d.sample([i for i, p in enumerate(people) if p["source"] == "linkedin"],
                          size.also_in_google))  # fmt: skip
    used_slugs: set[str] = set()
    for i, p in enumerate(people):
        first, last = p["first"], p["last"]
        full = f"{first} {last}"
        domain = _slug(p["company"]).split("-")[0] + ".com"
        email = None
        if p["source"] != "linkedin" or i in google or d.chance(0.22):
            local = _slug(f"{first}.{last}").replace("-", ".")
            email = (
                f"{local}@{domain}"
                if d.chance(0.5)
                else (f"{local}{d.int(1, 99)}@{d.pick(('gmail.com', 'outlook.com', 'yahoo.com'))}")
            )
        url = None
        if p["source"] == "linkedin" and d.chance(0.94):
            slug = _slug(full)
            while slug in used_slugs:
                slug = f"{_slug(full)}-{d.int(10, 999)}{d.pick('abcdefghjkmnpqrstuvwxyz')}"
            used_slugs.add(slug)
            url = f"https://www.linkedin.com/in/{slug}"
        phone = f"+1 614-555-{d.int(100, 199):04d}" if p["source"] != "linkedin" else None
        row = (
            i + 1, full, first, last, email, phone, p["company"], p["position"], url,
            p["connected_on"] if p["source"] == "linkedin" else None, p["source"], p.get("tier"),
            p.get("strength"), ", ".join(p["tags"]) or None, p.get("snoozed_until"),
            p.get("notes"), import_id, None,
        )  # fmt: skip
        for key, value in zip(_CONTACT_COLUMNS, row, strict=True):
            contacts[key].append(value)
        keys = [(p["source"], url or email or f"{full}|{p['company']}".casefold())]
        if i in google:
            keys.append(("google", email))
        for source, key in keys:
            for col, value in zip(sources, (i + 1, source, key, import_id), strict=True):
                sources[col].append(value)
    return people, contacts, sources, changes


_CONTACT_COLUMNS = (
    "contact_id", "full_name", "first_name", "last_name", "email", "phone", "company", "position",
    "profile_url", "connected_on", "source", "tier", "strength_rating", "tags", "snoozed_until",
    "notes", "import_id", "updated_import_id",
)  # fmt: skip

_CHANNELS = ("linkedin", "email", "call", "meeting", "event", "in_person")
_CHANNEL_MIX = {
    "inner": (0.1, 0.25, 0.25, 0.15, 0.05, 0.2),
    "important": (0.3, 0.3, 0.15, 0.1, 0.1, 0.05),
    "recruiter": (0.5, 0.35, 0.15, 0.0, 0.0, 0.0),
    None: (0.55, 0.2, 0.05, 0.05, 0.12, 0.03),
}
_TOPICS = ("dbt adoption", "the cloud warehouse migration", "Power BI licensing",
           "claims analytics", "their LLM pilot", "hiring plans", "the reorg",
           "Tableau Server upgrades", "a data governance charter", "pricing models")  # fmt: skip
_EVENTS = ("the TDWI Ohio meetup", "the Ohio Insurance Analytics Summit", "Tableau user group",
           "the Columbus Data & Analytics meetup", "an ACME alumni reunion")  # fmt: skip
_NOTES = {
    "linkedin": ("Congratulated {first} on the new role", "Shared a post about {topic}",
                 "{first} asked for an intro to someone at {company}",
                 "Thanked {first} for the endorsement", "Commented on {first}'s article about {topic}",
                 "Sent a connection note after the webinar"),
    "email": ("Sent {first} my notes on {topic}", "Follow-up after our call",
              "Asked about openings on the analytics team at {company}", "Holiday greetings",
              "{first} sent a job description to look at", "Introduced {first} to a former colleague"),
    "call": ("Catch-up call about {topic}", "{first} explained how interviews work at {company}",
             "Career advice call", "Quick call about a reference"),
    "meeting": ("Lunch downtown", "Quarterly check-in", "Informational interview about {company}",
                "Whiteboard session on {topic}"),
    "event": ("Met at {event}", "Saw {first} at {event}", "Panel with {first} at {event}"),
    "in_person": ("Coffee with {first}", "Ran into {first} at {event}", "Walk and talk about {topic}"),
}  # fmt: skip


def _interactions(seed: int, size: DemoSize, today: date, people: list[dict], import_id: int):
    d = _Draws(seed, 5)
    activity = {
        "inner": (1.0, 12.0),
        "important": (0.85, 4.0),
        "broad": (0.35, 1.5),
        None: (0.06, 1.0),
    }
    active, weights = [], []
    for i, p in enumerate(people):
        share, weight = activity[p.get("tier")]
        if p["segment"] in ("hiring manager", "recruiter", "target peer"):
            share = max(share, 0.5)
        if d.chance(share):
            active.append(i)
            weights.append(weight * float(np.exp(0.8 * (d.u() + d.u() - 1.0) * 1.7)))
    w = np.array(weights)
    counts = 1 + _allocate(size.interactions - len(active), w)
    events = []
    for i, count in zip(active, counts.tolist(), strict=True):
        p = people[i]
        tier = p.get("tier")
        if tier == "inner":
            ago = d.int(1, 28) if d.chance(0.75) else d.int(35, 120)
            span = 3 * 365
        elif tier == "important":
            ago = d.int(1, 85) if d.chance(0.55) else d.int(95, 540)
            span = 5 * 365
        elif tier == "broad":
            ago = d.int(5, 360) if d.chance(0.45) else d.int(370, 2400)
            span = 8 * 365
        else:
            ago = d.int(1, 60) if p["segment"] != "network" and d.chance(0.5) else d.int(30, 3000)
            span = 8 * 365
        last = today - timedelta(days=ago)
        first_day = max(p["connected_on"], last - timedelta(days=span))
        if last < first_day:
            last = min(first_day + timedelta(days=d.int(0, 30)), today - timedelta(days=1))
            first_day = min(first_day, last)
        mix = _CHANNEL_MIX["recruiter" if "recruiter" in p["tags"] else tier if tier in
                           ("inner", "important") else None]  # fmt: skip
        for k in range(count):
            day = last if k == 0 else first_day + timedelta(days=d.int(0, (last - first_day).days))
            at = datetime.combine(day, time(d.int(8, 19), d.pick((0, 5, 10, 15, 20, 30, 40, 45))))
            channel = d.weighted(_CHANNELS, mix)
            if channel in ("meeting", "event", "in_person"):
                direction = d.weighted(("mutual", "outbound", "inbound"), (0.7, 0.2, 0.1))
            else:
                direction = d.weighted(("outbound", "inbound", "mutual"), (0.5, 0.4, 0.1))
            note = d.pick(_NOTES[channel]).format(
                first=p["first"], company=d.pick(TARGET_COMPANIES) if d.chance(0.5) else p["company"],
                topic=d.pick(_TOPICS), event=d.pick(_EVENTS),
            )  # fmt: skip
            events.append((at, i + 1, channel, direction, note))
    events.sort()
    source = {"linkedin": "linkedin-messages"}
    return {
        "contact_id": [e[1] for e in events],
        "occurred_at": [e[0] for e in events],
        "channel": [e[2] for e in events],
        "direction": [e[3] for e in events],
        "note": [e[4] for e in events],
        "source": [source.get(e[2], "manual") for e in events],
        "dedupe_key": [
            hashlib.sha1(f"demo|{e[1]}|{e[0].isoformat()}|{e[2]}|{n}".encode()).hexdigest()[:16]
            for n, e in enumerate(events)
        ],
        "import_id": [import_id] * len(events),
    }


# --------------------------------------------------------------------------- the plan


def _plan(today: date) -> dict[str, dict]:
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


# --------------------------------------------------------------------------- writing

_IMPORT_GROUPS = ("postings", "contacts", "interactions", "profile", "plan")
_GUARDED = ("postings", "contacts", "interactions", "profile", "profile_skills", "positions",
            "targets", "goals", "finances", "income_streams")  # fmt: skip


def build_demo(*, size: str = "full", seed: int = 7, today: date = DEMO_TODAY) -> dict[str, dict]:
    """Every demo table as columns (name -> list), with local ids 1..n and import ids 1..5."""
    if size not in SIZES:
        raise WaypointError("Unknown demo size", f"'{size}': choose one of {', '.join(SIZES)}.")
    spec = SIZES[size]
    imports = {group: k for k, group in enumerate(_IMPORT_GROUPS, start=1)}
    people, contacts, sources, changes = _contacts(seed, spec, today, imports["contacts"])
    endorsers = [
        f"{p['first']} {p['last']}" for p in people if p["segment"].startswith("colleague")
    ]
    tables = {
        "postings": _postings(seed, spec, today, imports["postings"]),
        "contacts": contacts,
        "contact_sources": sources,
        "contact_changes": {
            "contact_id": [c[0] for c in changes],
            "import_id": [imports["contacts"]] * len(changes),
            "field": [c[1] for c in changes],
            "old_value": [c[2] for c in changes],
            "new_value": [c[3] for c in changes],
            "detected_at": [c[4] for c in changes],
        },  # fmt: skip
        "interactions": _interactions(seed, spec, today, people, imports["interactions"]),
        **_profile(seed, spec, today, imports["profile"], endorsers),
        **_plan(today),
    }
    rows = {
        "postings": len(tables["postings"]["posting_id"]),
        "contacts": len(contacts["contact_id"]),
        "interactions": len(tables["interactions"]["contact_id"]),
        "profile": sum(len(next(iter(tables[t].values())))
                       for t in ("profile", "profile_skills", "positions", "endorsements")),
        "plan": sum(len(next(iter(tables[t].values())))
                    for t in ("targets", "goals", "milestones", "finances", "income_streams")),
    }  # fmt: skip
    started = datetime.combine(today, time(0, 0))
    tables["imports"] = {
        "import_id": list(imports.values()), "kind": ["demo"] * len(imports),
        "file_name": ["demo generator"] * len(imports),
        "sha256": [hashlib.sha256(f"{seed}+{size}".encode()).hexdigest()] * len(imports),
        "file_format": [f"demo-{g}" for g in imports], "rows_read": [rows[g] for g in imports],
        "rows_added": [rows[g] for g in imports], "started_at": [started] * len(imports),
        "finished_at": [started] * len(imports),
    }  # fmt: skip
    return tables


# (table, column) -> the sequence whose values replace local ids 1..n.
_SEQUENCES = {
    "imports": "import_id_seq", "contacts": "contact_id_seq", "interactions": "interaction_id_seq",
    "positions": "position_id_seq", "targets": "target_id_seq", "goals": "goal_id_seq",
    "milestones": "milestone_id_seq", "income_streams": "income_stream_id_seq",
}  # fmt: skip
_ID_COLUMNS = {
    "imports": "import_id", "contacts": "contact_id", "interactions": "interaction_id",
    "positions": "position_id", "targets": "target_id", "goals": "goal_id",
    "milestones": "milestone_id", "income_streams": "stream_id",
}  # fmt: skip
_REFERENCES = {"import_id": "imports", "contact_id": "contacts", "goal_id": "goals"}


def _reserve(con: store.Connection, sequence: str, n: int) -> np.ndarray:
    """n fresh values of a sequence, so later imports never reuse the demo's ids."""
    values = con.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    return np.sort(np.array([v[0] for v in values], dtype=np.int64))


def _refuse_non_empty(con: store.Connection) -> None:
    held = []
    for table in _GUARDED:
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if count:
            held.append(f"{count} {table.replace('_', ' ')} rows" if table not in
                        ("postings", "contacts") else f"{count} {table}")  # fmt: skip
    if held:
        raise WaypointError(
            "Workspace is not empty",
            f"The demo is written only into a new, empty workspace; this one already holds "
            f"{', '.join(held)}. Create a new workspace for the demo.",
        )


def generate_demo(
    con: store.Connection, *, size: str = "full", seed: int = 7, today: date | None = None
) -> dict[str, int]:
    """Fill an empty, migrated workspace with the demo, in one transaction.

    Returns the rows written per table (WRITTEN_TABLES order). Raises WaypointError for an
    unknown size or a workspace that already has postings, contacts or a profile.
    """
    _refuse_non_empty(con)
    today = today or settings.today()  # a fresh demo is dated the day it is generated
    tables = build_demo(size=size, seed=seed, today=today)
    counts: dict[str, int] = {}
    with store.transaction(con):
        _refuse_non_empty(con)
        ids = {}
        for table in _IMPORT_ORDER:
            n = len(next(iter(tables[table].values())))
            if table in _SEQUENCES:
                ids[table] = _reserve(con, _SEQUENCES[table], n)
        for table in _IMPORT_ORDER:
            data = dict(tables[table])
            if table in _ID_COLUMNS:
                data = {_ID_COLUMNS[table]: ids[table], **data}
            for column, target in _REFERENCES.items():
                if column in data and table != target:
                    data[column] = ids[target][np.asarray(data[column], dtype=np.int64) - 1]
            rows = pa.table(data)
            columns = ", ".join(rows.column_names)
            con.register("_demo_rows", rows)
            try:
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _demo_rows")
            finally:
                con.unregister("_demo_rows")
            counts[table] = rows.num_rows
        meta = {"name": "Demo workspace", "demo": "true", "demo_seed": str(seed),
                "demo_size": size, "generated_for_date": today.isoformat()}  # fmt: skip
        for key, value in meta.items():
            store.set_meta(con, key, value)
        counts["workspace_meta"] = len(meta)
    return {t: counts[t] for t in WRITTEN_TABLES}


_IMPORT_ORDER = tuple(t for t in WRITTEN_TABLES if t != "workspace_meta")


def ensure_demo_workspace(
    path: str | os.PathLike | None = None,
    *,
    size: str = "full",
    seed: int = 7,
    today: date | None = None,
) -> Path:
    """The demo workspace file (default data/demo.duckdb), generated once when missing.

    It is written to a temporary file beside the target and renamed into place, so a crash
    never leaves a half-written demo; an existing file is returned untouched.
    """
    target = Path(path) if path else settings.DEMO_DB
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    leftovers = (temp, temp.with_name(temp.name + ".wal"))
    for stale in leftovers:
        stale.unlink(missing_ok=True)
    try:
        con = store.connect(temp)
        try:
            generate_demo(con, size=size, seed=seed, today=today)
            refresh_skills(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(temp, target)
    finally:
        for stale in leftovers:
            stale.unlink(missing_ok=True)
    return target
