"""What the network is made of: by year, company, function and seniority; dormant share;
channel mix; job changes between imports."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis import network, store

TODAY = date(2026, 11, 1)


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def people(con):
    contacts = [
        (1, "Ann", "Acme Corp.", "Senior Data Analyst", date(2019, 3, 1)),
        (2, "Bob", "ACME Corporation", "Head of Data", date(2019, 7, 1)),
        (3, "Cy", "Acme Corp.", "Software Engineer", date(2021, 5, 5)),
        (4, "Di", "Globex", "Technical Recruiter", date(2021, 6, 1)),
        (5, "Ed", "Globex", None, None),
        (6, "Flo", None, "VP Sales", date(2022, 1, 1)),
        (7, "Gil", "", "Student", date(2026, 6, 1)),
    ]
    for row in contacts:
        con.execute(
            "INSERT INTO contacts (contact_id, full_name, company, position, connected_on, "
            "source) VALUES (?, ?, ?, ?, ?, 'linkedin')",
            list(row),
        )
    touches = [
        (1, datetime(2025, 3, 1), "linkedin"), (1, datetime(2025, 6, 1), "call"),
        (1, datetime(2026, 5, 1), "email"), (2, datetime(2023, 1, 1), "linkedin"),
        (4, datetime(2025, 1, 1), "linkedin"), (4, datetime(2025, 2, 1), "linkedin"),
    ]  # fmt: skip
    for contact_id, when, channel in touches:
        con.execute(
            "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, "
            "direction, source) VALUES (nextval('interaction_id_seq'), ?, ?, ?, 'inbound', "
            "'manual')",
            [contact_id, when, channel],
        )
    return con


def test_connections_by_year_fills_empty_years(people):
    expected = pd.DataFrame({
        "year": [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026],
        "connections": [2, 0, 2, 1, 0, 0, 0, 1],
        "cumulative": [2, 2, 4, 5, 5, 5, 5, 6],
    })  # fmt: skip
    pd.testing.assert_frame_equal(network.connections_by_year(people), expected)


def test_contacts_by_company_groups_spellings(people):
    expected = pd.DataFrame({
        "company": ["Acme Corp.", "Globex"], "contacts": [3, 2], "share": [0.6, 0.4],
    })  # fmt: skip
    pd.testing.assert_frame_equal(network.contacts_by_company(people), expected,
                                  check_dtype=False)  # fmt: skip
    assert network.contacts_by_company(people, top=1)["company"].tolist() == ["Acme Corp."]


def test_contacts_by_company_leaves_out_no_employer(people):
    for i, company in enumerate(["Self-employed", "Freelance", "self employed"]):
        people.execute(
            "INSERT INTO contacts (contact_id, full_name, company, source) "
            "VALUES (?, ?, ?, 'linkedin')",
            [20 + i, f"Free {i}", company],
        )
    got = network.contacts_by_company(people)
    assert got["company"].tolist() == ["Acme Corp.", "Globex"]
    assert got["share"].tolist() == [0.6, 0.4]  # of the contacts with an employer


def test_contacts_by_function_and_seniority(people):
    expected = pd.DataFrame(
        [
            ("data & analytics", "director", 1),
            ("data & analytics", "senior", 1),
            ("engineering", "individual", 1),
            ("sales", "executive", 1),
            ("people & recruiting", "individual", 1),
            ("other", "entry", 1),  # Student
            ("other", "individual", 1),  # no title
        ],
        columns=["function", "seniority", "contacts"],
    )
    got = network.contacts_by_function_and_seniority(people)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_dormant_share(people):
    # Bob (last 2023), Cy and Flo (never), Ed (never, undated); Gil connected in June: too new
    assert network.dormant_share(people, today=TODAY) == network.DormantShare(
        contacts=7, dormant=4, share=4 / 7, years=2
    )
    assert network.dormant_share(people, years=1, today=TODAY).dormant == 5  # and Di


def test_channel_mix_by_year(people):
    mix = network.channel_mix_by_year(people)
    expected = pd.DataFrame({
        "year": [2023, 2025, 2025, 2026],
        "channel": ["linkedin", "linkedin", "call", "email"],
        "interactions": [1, 3, 1, 1],
        "share": [1.0, 0.75, 0.25, 1.0],
    })  # fmt: skip
    pd.testing.assert_frame_equal(mix.by_year, expected, check_dtype=False)
    contacts = pd.DataFrame({
        "year": [2023, 2025, 2026], "contacts": [1, 2, 1], "multi_channel": [0, 1, 0],
        "linkedin_only": [1, 1, 0], "multi_channel_share": [0.0, 0.5, 0.0],
    })  # fmt: skip
    pd.testing.assert_frame_equal(mix.contacts_by_year, contacts, check_dtype=False)
    assert (mix.multi_channel_share, mix.linkedin_only_share) == (1 / 3, 2 / 3)


def test_job_changes_between_imports(people):
    rows = [
        (3, 2, "company", "Initech", "Acme Corp.", datetime(2026, 10, 1)),
        (3, 2, "position", "Analyst", "Software Engineer", datetime(2026, 10, 1)),
        (4, 3, "position", "Recruiter", "Technical Recruiter", datetime(2026, 10, 20)),
    ]
    for row in rows:
        people.execute("INSERT INTO contact_changes VALUES (?, ?, ?, ?, ?, ?)", list(row))
    expected = pd.DataFrame({
        "contact_id": [4, 3], "contact": ["Di", "Cy"], "import_id": [3, 2],
        "detected_at": pd.to_datetime(["2026-10-20", "2026-10-01"]),
        "old_company": [None, "Initech"], "new_company": [None, "Acme Corp."],
        "old_position": ["Recruiter", "Analyst"],
        "new_position": ["Technical Recruiter", "Software Engineer"],
        "moved_company": [False, True],
    })  # fmt: skip
    got = network.job_changes(people)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert network.job_changes(people, since_import_id=2)["contact_id"].tolist() == [4]


def test_empty_workspace(con):
    assert network.connections_by_year(con).empty
    assert network.contacts_by_company(con).empty
    assert network.contacts_by_function_and_seniority(con).empty
    assert network.dormant_share(con, today=TODAY) == network.DormantShare(0, 0, None, 2)
    mix = network.channel_mix_by_year(con)
    assert mix.by_year.empty and mix.multi_channel_share is None
    assert network.job_changes(con).empty
