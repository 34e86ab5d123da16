"""The weekly outreach plan (ranking and reasons), plus the end-to-end checks on the demo
workspace and on the real LinkedIn export."""

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


def add_contact(con, contact_id, name, company, position, rating, tier=None, *,
                tags=None, connected_on=None, snoozed_until=None):  # fmt: skip
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, company, position, source, strength_rating, "
        "tier, tags, connected_on, snoozed_until) VALUES (?, ?, ?, ?, 'linkedin', ?, ?, ?, ?, ?)",
        [contact_id, name, company, position, rating, tier, tags, connected_on, snoozed_until],
    )


def add_interaction(con, contact_id, when, channel):
    con.execute(
        "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, direction, "
        "source) VALUES (nextval('interaction_id_seq'), ?, ?, ?, 'outbound', 'manual')",
        [contact_id, when, channel],
    )


@pytest.fixture
def week(con):
    con.execute("INSERT INTO targets VALUES (1, 'company', 'Contoso', 1, 'manual', NULL)")
    con.execute("INSERT INTO targets VALUES (2, 'role', 'Data Analytics Manager', 1, 'manual', "
                "NULL)")  # fmt: skip
    con.execute("INSERT INTO positions (position_id, company, title) VALUES (1, 'Acme Corp.', "
                "'Analyst')")  # fmt: skip
    add_contact(con, 1, "Hana Ito", "Contoso Ltd", "Director of Data Analytics", 4, "broad")
    add_interaction(con, 1, datetime(2025, 9, 1, 9, 0), "email")
    add_contact(con, 2, "Rita Rowe", "Contoso", "Technical Recruiter", 2, "broad",
                connected_on=date(2025, 6, 1))  # fmt: skip
    add_contact(con, 3, "Carl Cruz", "Globex", "Product Manager", 4, "important")
    add_interaction(con, 3, datetime(2026, 8, 1, 9, 0), "call")
    con.execute("INSERT INTO contact_changes VALUES (3, 2, 'company', 'ACME Corp', 'Globex', ?)",
                [datetime(2026, 10, 22)])  # fmt: skip
    add_contact(con, 4, "Iris Ivy", "School", "Teacher", 5, "inner")
    add_interaction(con, 4, datetime(2026, 8, 15, 9, 0), "meeting")
    add_contact(con, 5, "Hugo Hale", "Contoso", "Head of BI", 5)
    add_interaction(con, 5, datetime(2026, 10, 29, 9, 0), "email")  # just talked: skipped
    add_contact(con, 6, "Sara Sun", "Contoso", "VP Data", 3, snoozed_until=date(2027, 1, 1))
    add_contact(con, 7, "Bea Best", "Initech", "Designer", 3, "broad")  # no reason
    add_interaction(con, 7, datetime(2026, 6, 1, 9, 0), "email")
    add_contact(con, 8, "Ole Olsen", "Contoso", "Data Analyst", 1, "broad")
    add_interaction(con, 8, datetime(2026, 3, 1, 9, 0), "email")
    add_contact(con, 9, "Mia Moss", "Contoso", "Analytics Manager", 3, "important",
                tags="former colleague")  # fmt: skip
    add_interaction(con, 9, datetime(2025, 11, 1, 9, 0), "linkedin")
    return con


def test_outreach_ranking_and_reasons(week):
    plan = network.weekly_outreach_plan(week, today=TODAY)
    assert list(plan.columns) == ["contact_id", "contact", "company", "position", "reason",
                                  "last_interaction", "last_channel", "score"]  # fmt: skip
    expected = pd.DataFrame(
        [
            (9, "Mia Moss", 110.0,
             "Hiring manager at Contoso (target company); former colleague (your tag); overdue "
             "for your important cadence (every 90 days); last contact 12 months ago on LinkedIn"),
            (3, "Carl Cruz", 70.0,
             "Changed jobs 10 days ago: now Product Manager at Globex; former colleague at Acme "
             "Corp.; last contact 3 months ago by phone"),
            (1, "Hana Ito", 65.0,
             "Hiring manager at Contoso (target company); last contact 14 months ago by email"),
            (4, "Iris Ivy", 55.0,
             "Overdue for your inner circle cadence (every 30 days); last contact 3 months ago "
             "in a meeting"),
            (2, "Rita Rowe", 45.0, "Recruiter at Contoso (target company); no recorded contact yet"),
            (8, "Ole Olsen", 15.0,
             "Works at Contoso (target company); last contact 8 months ago by email"),
        ],
        columns=["contact_id", "contact", "score", "reason"],
    )  # fmt: skip
    pd.testing.assert_frame_equal(plan[expected.columns], expected, check_dtype=False)
    assert plan["last_interaction"].tolist()[:2] == [pd.Timestamp("2025-11-01 09:00"),
                                                     pd.Timestamp("2026-08-01 09:00")]  # fmt: skip
    assert plan["contact_id"].is_unique


def test_outreach_size_and_points(week):
    assert network.weekly_outreach_plan(week, n=2, today=TODAY)["contact_id"].tolist() == [9, 3]
    plan = network.weekly_outreach_plan(week, today=TODAY, points={"recruiter": 100.0},
                                        skip_recent_days=0)  # fmt: skip
    # Hugo, talked to 3 days ago, is back; he ties with Carl at 70 and the lower id goes first
    assert plan["contact_id"].tolist()[:4] == [9, 2, 3, 5]


def test_a_current_colleague_gets_no_former_colleague_points(week):
    """Acme Corp. is where the user works now (a position with no end date): Cole, there too,
    is a current colleague, with no reason of his own this week (contacted 5 months ago, broad
    tier). Carl, who left Acme, is still a former colleague."""
    add_contact(week, 10, "Cole Desk", "ACME Corp", "Analyst", 4, "broad")
    add_interaction(week, 10, datetime(2026, 6, 1, 9, 0), "email")
    plan = network.weekly_outreach_plan(week, n=20, today=TODAY)
    assert plan["contact_id"].tolist() == [9, 3, 1, 4, 2, 8]
    assert plan.loc[1, "reason"].startswith("Changed jobs 10 days ago: now Product Manager at "
                                            "Globex; former colleague at Acme Corp.;")  # fmt: skip


def test_outreach_with_no_contacts(con):
    plan = network.weekly_outreach_plan(con, today=TODAY)
    assert plan.empty and list(plan.columns)[-1] == "score"


# --------------------------------------------------------------------------- demo workspace


def test_demo_workspace_hiring_managers_and_outreach_reasons():
    demo = pytest.importorskip("analysis.demo", reason="analysis.demo is not written yet")
    con = store.connect(":memory:")
    demo.generate_demo(con, size="small")
    today = date(2026, 11, 1)
    coverage = network.target_coverage(con, today=today)
    assert len(coverage) >= 3
    assert coverage["hiring_managers"].sum() >= 3, coverage
    assert coverage["recruiters"].sum() >= 1
    people = network.target_contacts(con, today=today)
    managers = people[people["role"] == "hiring manager"]
    assert not managers.empty
    assert managers["position"].str.contains(
        r"Director|Head|VP|Chief|Manager|Lead", regex=True).all()  # fmt: skip
    plan = network.weekly_outreach_plan(con, today=today)
    assert len(plan) == 10 and plan["contact_id"].is_unique
    assert plan["reason"].str.len().gt(20).all()
    assert plan["reason"].str.contains("target company").any()
    ten = network.ten_people_test(con, today=today)
    assert ten.count > 0 and ten.verdict
    con.close()


# --------------------------------------------------------------------------- real export


def test_real_linkedin_export_runs_every_network_analysis(datasets):
    contacts = pytest.importorskip("analysis.ingest.contacts", reason="contacts importer missing")
    interactions = pytest.importorskip("analysis.ingest.interactions",
                                       reason="messages importer missing")  # fmt: skip
    profile = pytest.importorskip("analysis.ingest.profile", reason="profile importer missing")
    folder = datasets / "linkedin_export_2023"
    con = store.connect(":memory:")
    contacts.import_contacts(con, folder / "Connections.csv")
    interactions.import_messages(con, folder / "messages.csv")
    profile.import_profile(con, folder / "Positions.csv")
    today = date(2023, 8, 1)  # a month after the export's last connection

    strength = network.relationship_strength(con, today=today)
    assert len(strength) > 3500
    assert strength["strength"].between(0, 100).all()
    assert strength["former_colleague"].sum() > 5  # people at the user's past employers
    assert (strength["interactions_24m"] > 0).sum() > 100
    ten = network.ten_people_test(con, today=today)
    assert 3 <= ten.count <= 100, ten.verdict
    status = network.nurture_status(con, today=today)
    assert set(status["status"]) <= {"overdue", "due soon", "ok", "never in touch", "snoozed"}
    # A mostly dormant network: the connections never in touch are not listed as overdue, so
    # the lapsed relationships stand out (162 of the 3,769 people).
    counts = network.status_counts(con, today=today)
    assert counts["never in touch"] > 3000
    assert 100 < len(network.overdue_contacts(con, today=today)) == counts["overdue"] < 300
    network.due_soon_contacts(con, today=today)
    years = network.connections_by_year(con)
    assert years["connections"].sum() == strength["connected_on"].notna().sum()
    assert len(network.contacts_by_company(con)) == 20
    assert network.contacts_by_function_and_seniority(con)["contacts"].sum() == len(strength)
    dormant = network.dormant_share(con, today=today)
    assert 0.3 < dormant.share < 1
    mix = network.channel_mix_by_year(con)
    assert set(mix.by_year["channel"]) == {"linkedin"} and mix.linkedin_only_share == 1.0
    assert network.target_coverage(con, today=today).empty  # no targets in these three files
    network.coverage_gaps(con)
    network.job_changes(con)
    plan = network.weekly_outreach_plan(con, today=today)
    assert len(plan) == 10 and plan["reason"].str.len().gt(20).all()
    con.close()
