"""Target companies: hiring managers vs recruiters vs others, coverage, and the gaps."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import network, store
from analysis.market_filter import MarketFilter
from analysis.network_titles import (
    classify_titles,
    functions_of,
    role_keywords,
    seniority_of,
)
from analysis.user_skills import target_market_filter

TODAY = date(2026, 11, 1)


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def add_contact(con, contact_id, name, company, position, rating=None):
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, company, position, source, strength_rating) "
        "VALUES (?, ?, ?, ?, 'linkedin', ?)",
        [contact_id, name, company, position, rating],
    )


def add_target(con, kind, value, source="manual", priority=None):
    con.execute(
        "INSERT INTO targets (target_id, kind, value, priority, source) "
        "VALUES (nextval('target_id_seq'), ?, ?, ?, ?)",
        [kind, value, priority, source],
    )


def add_posting(con, posting_id, company, title, posted):
    con.execute(
        "INSERT INTO postings (posting_id, company, title, date_posted, import_id) "
        "VALUES (?, ?, ?, ?, 1)",
        [posting_id, company, title, posted],
    )


@pytest.fixture
def market(con):
    add_target(con, "company", "Contoso Ltd", priority=1)
    add_target(con, "company", "Fabrikam", source="linkedin-preferences")
    add_target(con, "company", "Northwind", priority=2)
    add_target(con, "company", "CONTOSO")  # the same company twice: listed once
    add_target(con, "role", "Data Analytics Manager")
    people = [
        (1, "Hana Ito", "Contoso", "Director of Data Science", 5),
        (2, "Ivan Ivanov", "Contoso Ltd.", "Head of Engineering", 4),
        (3, "Rita Rowe", "CONTOSO LIMITED", "Senior Technical Recruiter", 3),
        (4, "Tom Tate", "Contoso", "Talent Acquisition Partner", None),
        (5, "Dana Diaz", "Contoso", "Data Analyst", 4),
        (6, "Sam Sales", "Contoso", "VP Sales", 2),
        (7, "Fred Fu", "Fabrikam, Inc.", "Analytics Manager", None),
        (8, "Olga Ott", "Globex", "Head of BI", 5),  # not at a target company
    ]
    for row in people:
        add_contact(con, *row)
    return con


def test_hiring_managers_recruiters_and_others_at_a_target_company(market):
    people = network.contacts_at_company(market, "Contoso Corporation", today=TODAY)
    expected = pd.DataFrame({
        "contact_id": [1, 3, 4, 2, 5, 6],
        "contact": ["Hana Ito", "Rita Rowe", "Tom Tate", "Ivan Ivanov", "Dana Diaz", "Sam Sales"],
        "role": ["hiring manager", "recruiter", "recruiter", "other", "other", "other"],
        "function": ["data & analytics", "people & recruiting", "people & recruiting",
                     "engineering", "data & analytics", "sales"],
        "seniority": ["director", "senior", "individual", "director", "individual", "executive"],
        "strength": [100.0, 50.0, 0.0, 75.0, 75.0, 25.0],
    })  # fmt: skip
    pd.testing.assert_frame_equal(people[list(expected.columns)], expected, check_dtype=False)


def test_target_coverage_per_company(market):
    coverage = network.target_coverage(market, today=TODAY)
    expected = pd.DataFrame({
        "target_id": [1, 3, 2],
        "company": ["Contoso Ltd", "Northwind", "Fabrikam"],
        "source": ["manual", "manual", "linkedin-preferences"],
        "contacts": [6, 0, 1],
        "hiring_managers": [1, 0, 1],
        "recruiters": [2, 0, 0],
        "hiring_manager_names": ["Hana Ito", "", "Fred Fu"],
        "recruiter_names": ["Rita Rowe, Tom Tate", "", ""],
        "strongest_contact": pd.Series(["Hana Ito", None, "Fred Fu"], dtype=object),
        "coverage": ["hiring manager and recruiter", "nobody there yet", "hiring manager"],
        "status": ["healthy", "at risk", "healthy"],
    })  # fmt: skip
    got = coverage.drop(columns="priority")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert coverage["priority"].tolist() == [1, 2, pd.NA]


def test_a_target_that_was_my_employer_keeps_its_contacts(market):
    # I worked at "Contoso Corporation": contacts are shown in my spelling of it, and that
    # spelling, which none of them writes, must not hide them from the target.
    market.execute("INSERT INTO positions (position_id, company, title) VALUES "
                   "(1, 'Contoso Corporation', 'Analyst')")  # fmt: skip
    coverage = network.target_coverage(market, today=TODAY)
    assert coverage[["company", "contacts", "hiring_managers", "recruiters"]].values.tolist() == [
        ["Contoso Ltd", 6, 1, 2], ["Northwind", 0, 0, 0], ["Fabrikam", 1, 1, 0],
    ]  # fmt: skip
    people = network.contacts_at_company(market, "Contoso", today=TODAY)
    assert people["contact_id"].tolist() == [1, 3, 4, 2, 5, 6]
    assert set(people["company"]) == {"Contoso Corporation"}
    at_target = network.target_contacts(market, today=TODAY)
    assert at_target.loc[at_target["target"] == "Contoso Ltd", "contact_id"].tolist() == [
        1, 3, 4, 2, 5, 6,
    ]  # fmt: skip
    plan = network.weekly_outreach_plan(market, today=TODAY).set_index("contact_id")
    assert plan.loc[1, "reason"].startswith("Hiring manager at Contoso Ltd (target company)")


def test_without_target_roles_every_senior_title_is_a_hiring_manager(market):
    people = network.target_contacts(market, target_roles=[], today=TODAY)
    managers = people.loc[people["role"] == "hiring manager", "contact"].tolist()
    assert managers == ["Hana Ito", "Ivan Ivanov", "Sam Sales", "Fred Fu"]
    assert people["target"].tolist()[:6] == ["Contoso Ltd"] * 6


def test_coverage_gaps_rank_companies_posting_target_roles_where_i_know_nobody(market):
    """A target-role posting is what the target market counts (user_skills.target_market_filter:
    the role in the title), here "Data Analytics Manager": a "Data Analyst" or an "Analytics
    Manager" posting shares its function, not its role, and is left out."""
    add_posting(market, "p1", "Contoso", "Senior Data Analytics Manager", date(2026, 10, 1))
    add_posting(market, "p2", "Initech", "Data Analytics Manager", date(2026, 9, 1))
    add_posting(market, "p3", "Initech", "Data Analytics Manager", date(2026, 9, 2))
    add_posting(market, "p4", "Initech LLC", "Data Analytics Manager, Claims", date(2026, 10, 5))
    add_posting(market, "p5", "Umbrella Corp", "Lead Data Analytics Manager", date(2026, 8, 1))
    add_posting(market, "p6", "Northwind", "Data Analytics Manager (BI)", date(2026, 7, 1))
    for i in range(4):  # the same function, another role
        add_posting(market, f"a{i}", "Stark Industries", "Data Analyst", date(2026, 10, 1))
    add_posting(market, "m1", "Wayne Enterprises", "Analytics Manager", date(2026, 10, 1))
    for i in range(5):  # not a target role
        add_posting(market, f"h{i}", "Hooli", "Software Engineer", date(2026, 10, 1))
    gaps = network.coverage_gaps(market)
    expected = pd.DataFrame({
        "company": ["Initech", "Northwind", "Umbrella Corp"],
        "postings": [3, 1, 1],
        "latest_posted": pd.to_datetime(["2026-10-05", "2026-07-01", "2026-08-01"]),
        "example_titles": ["Data Analytics Manager; Data Analytics Manager, Claims",
                           "Data Analytics Manager (BI)", "Lead Data Analytics Manager"],
        "target_company": [False, True, False],
    })  # fmt: skip
    pd.testing.assert_frame_equal(gaps, expected, check_dtype=False)
    # The target market's 6 postings, less the one at Contoso, where the user knows people.
    target_market = target_market_filter(market)
    assert network.coverage_gaps(market, target_market).equals(gaps)
    assert network.coverage_gaps(market, top=1)["company"].tolist() == ["Initech"]
    everything = network.coverage_gaps(market, MarketFilter())
    assert everything[["company", "postings"]].values.tolist() == [
        ["Hooli", 5], ["Stark Industries", 4], ["Initech", 3], ["Northwind", 1],
        ["Umbrella Corp", 1], ["Wayne Enterprises", 1],
    ]  # fmt: skip


def test_coverage_gaps_follow_the_target_market_when_no_title_names_a_target_role(market):
    """No posting title contains "Data Analytics Manager": the target market is then every
    posting (as on the Market and My skills pages), and so is this list."""
    add_posting(market, "a1", "Stark Industries", "Data Analyst", date(2026, 10, 1))
    add_posting(market, "h1", "Hooli", "Software Engineer", date(2026, 10, 1))
    assert target_market_filter(market) == MarketFilter()
    assert network.coverage_gaps(market)["company"].tolist() == ["Hooli", "Stark Industries"]


def test_no_targets_no_postings_give_empty_frames(con):
    assert network.target_coverage(con, today=TODAY).empty
    assert network.coverage_gaps(con).empty
    assert list(network.coverage_gaps(con).columns) == [
        "company",
        "postings",
        "latest_posted",
        "example_titles",
        "target_company",
    ]


def test_title_keyword_tables():
    assert functions_of("Sr. Director, Data & Analytics Engineering") == [
        "data & analytics",
        "engineering",
    ]
    assert seniority_of("VP, Talent") == "executive"
    assert seniority_of("Product Owner") == "individual"
    assert seniority_of("Team Lead") == "manager"
    assert "engineering" in role_keywords(["Analytics Engineer"])
    classes = classify_titles(
        pd.Series(["Engineering Manager", "Senior People Partner", None, "Chief Data Officer"]),
        ["Analytics Engineer"],
    )
    assert classes["role"].tolist() == ["hiring manager", "recruiter", "other", "hiring manager"]
    assert classes["function"].tolist()[2] == "other"
