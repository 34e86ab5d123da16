"""The invented job market: job families and titles, how often each family names each skill and
how that moves, cities, employers (the first seven are the persona's targets) and pay levels."""

from __future__ import annotations

import numpy as np

from analysis.demo.constants import DECLINING_SKILLS

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
SKILL_SHARES = np.array(
    [[float(v) for v in line[31:].split()] for line in _SKILL_ROWS.strip().splitlines()]
)

# Multiplier of the base share at the start and end of the window.
SKILL_TRENDS = {s: (0.08, 1.0) for s in ("Large language models", "Generative AI")}
SKILL_TRENDS |= {"Retrieval-augmented generation": (0.04, 1.0)}
SKILL_TRENDS |= {
    s: (0.3, 1.0) for s in ("Kubernetes", "dbt", "Terraform", "Snowflake", "Databricks")
}
SKILL_TRENDS |= {s: (1.0, 0.12) for s in DECLINING_SKILLS}

# Extra share by seniority (junior, mid, senior, lead, manager, director), any family.
SENIORITY_BOOST = {
    "Leadership": (0.0, 0.0, 0.15, 0.40, 0.60, 0.75),
    "Mentoring": (0.0, 0.0, 0.20, 0.35, 0.35, 0.20),
    "Stakeholder management": (0.0, 0.0, 0.05, 0.10, 0.25, 0.35),
    "Budgeting": (0.0, 0.0, 0.0, 0.0, 0.20, 0.40),
}
SOFT_SKILLS = frozenset({
    "Communication", "Leadership", "Mentoring", "Stakeholder management", "Project management",
    "Budgeting", "Financial modelling", "Agile", "Scrum", "Six Sigma", "Lean", "Statistics",
    "Data governance", "Data visualization",
})  # fmt: skip

# End-of-window share per family of the emerging phrases (they start at zero).
EMERGING_SHARES = {
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
CITY_FACTOR = {c: f for c, f, _ in CITIES}

# Industry preference for each family, in FAMILIES order.
INDUSTRY_MIX = {
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

BASE_SALARY = (82000, 128000, 132000, 135000, 140000, 118000, 85000, 92000)
SENIORITY_PAY = (0.72, 1.0, 1.22, 1.38, 1.42, 1.75)
