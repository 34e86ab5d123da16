"""Nurturing cadences: tiers, the clock on any channel, snoozing, quick edits."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis import network, store
from analysis.errors import WaypointError

TODAY = date(2026, 11, 1)


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def add_contact(con, contact_id, name, *, tier=None, tags=None, rating=None, connected_on=None,
                snoozed_until=None):  # fmt: skip
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, source, tier, tags, strength_rating, "
        "connected_on, snoozed_until) VALUES (?, ?, 'manual', ?, ?, ?, ?, ?)",
        [contact_id, name, tier, tags, rating, connected_on, snoozed_until],
    )


def add_interaction(con, contact_id, when, channel="email"):
    con.execute(
        "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, direction, "
        "source) VALUES (nextval('interaction_id_seq'), ?, ?, ?, 'outbound', 'linkedin-messages')",
        [contact_id, when, channel],
    )


@pytest.fixture
def circle(con):
    add_contact(con, 1, "Ina Inner", tier="inner")
    add_interaction(con, 1, datetime(2026, 9, 2, 10, 0))  # 60 days: past the 45-day maximum
    add_contact(con, 2, "Pat Important", tier="important")
    add_interaction(con, 2, datetime(2026, 8, 13, 10, 0), "linkedin")  # 80 days of 90
    add_contact(con, 3, "Sue Snoozed", tier="inner", snoozed_until=date(2026, 12, 1))
    add_interaction(con, 3, datetime(2026, 7, 24, 10, 0))
    add_contact(con, 4, "Woke Up", tier="inner", snoozed_until=date(2026, 10, 1))
    add_interaction(con, 4, datetime(2026, 7, 24, 10, 0))  # 100 days
    add_contact(con, 5, "Tag Tier", tags="book club, Inner Circle")
    add_interaction(con, 5, datetime(2026, 10, 20, 10, 0), "call")
    add_contact(con, 6, "Derived Dee", rating=5, connected_on=date(2026, 10, 1))  # strength 100
    add_contact(con, 7, "Never Ned")  # no interaction, no connection date
    add_contact(con, 8, "Broad Bea", tier="broad")
    add_interaction(con, 8, datetime(2026, 1, 1, 10, 0))  # 304 days of 365
    return con


COLUMNS = ["contact_id", "tier", "tier_basis", "days_since", "ideal_days", "max_days", "status"]


def test_nurture_status_for_every_case(circle):
    status = network.nurture_status(circle, today=TODAY)
    assert list(status.columns) == [
        "contact_id", "contact", "company", "tier", "tier_basis", "last_interaction",
        "last_channel", "days_since", "ideal_days", "max_days", "due_on", "status",
        "snoozed_until",
    ]  # fmt: skip
    expected = pd.DataFrame(
        [
            (4, "inner", "set", 100, 30, 45, "overdue"),
            (1, "inner", "set", 60, 30, 45, "overdue"),
            (6, "inner", "derived", 31, 30, 45, "due soon"),
            (2, "important", "set", 80, 90, 120, "due soon"),
            (5, "inner", "tag", 12, 30, 45, "ok"),
            (8, "broad", "set", 304, 365, 540, "ok"),
            (7, "broad", "derived", pd.NA, 365, 540, "never in touch"),
            (3, "inner", "set", 100, 30, 45, "snoozed"),
        ],
        columns=COLUMNS,
    )
    expected["days_since"] = expected["days_since"].astype("Int64")
    pd.testing.assert_frame_equal(status[COLUMNS], expected, check_dtype=False)
    row = status.set_index("contact_id").loc[2]
    assert (row["last_channel"], row["due_on"]) == ("linkedin", pd.Timestamp("2026-11-11"))


def test_an_in_person_meeting_resets_the_clock(circle):
    assert network.overdue_contacts(circle, today=TODAY)["contact_id"].tolist() == [4, 1]
    interaction_id = network.log_interaction(circle, 1, date(2026, 10, 30), "in_person", "coffee")
    overdue = network.overdue_contacts(circle, today=TODAY)
    assert overdue["contact_id"].tolist() == [4]
    assert overdue["days_overdue"].tolist() == [55]
    ina = network.nurture_status(circle, today=TODAY).set_index("contact_id").loc[1]
    assert (ina["days_since"], ina["last_channel"], ina["status"]) == (2, "in_person", "ok")
    stored = circle.execute(
        "SELECT contact_id, occurred_at, channel, direction, note, source FROM interactions "
        "WHERE interaction_id = ?", [interaction_id]).fetchone()  # fmt: skip
    assert stored == (1, datetime(2026, 10, 30), "in_person", "outbound", "coffee", "manual")


def test_a_connection_never_in_touch_has_no_cadence_until_given_a_tier(con):
    add_contact(con, 1, "Linked Lou", connected_on=date(2019, 5, 1))  # derived broad, no touch
    add_contact(con, 2, "Tagged Tom", tags="broad", connected_on=date(2019, 5, 1))
    add_contact(con, 3, "Undated Uma", tier="important")  # set tier, no date at all
    add_contact(con, 4, "Lapsed Lee", connected_on=date(2019, 5, 1))
    add_interaction(con, 4, datetime(2024, 3, 1, 10, 0))  # in touch once, 975 days ago
    status = network.nurture_status(con, today=TODAY).set_index("contact_id")
    assert status["status"].to_dict() == {
        1: "never in touch",
        2: "overdue",
        3: "overdue",
        4: "overdue",
    }
    assert network.overdue_contacts(con, today=TODAY)["contact_id"].tolist() == [3, 2, 4]
    assert network.status_counts(con, today=TODAY) == {
        "overdue": 3,
        "due soon": 0,
        "ok": 0,
        "never in touch": 1,
        "snoozed": 0,
    }
    network.set_tier(con, 1, "broad")  # a tier of one's own: the cadence applies
    assert network.status_counts(con, today=TODAY)["never in touch"] == 0
    assert 1 in network.overdue_contacts(con, today=TODAY)["contact_id"].tolist()


def test_due_soon_list_and_window(circle):
    soon = network.due_soon_contacts(circle, today=TODAY)
    assert soon["contact_id"].tolist() == [6, 2]
    assert soon["days_until_due"].tolist() == [-1, 10]
    wider = network.due_soon_contacts(circle, within_days=30, today=TODAY)
    assert wider["contact_id"].tolist() == [6, 5, 2]


def test_cadences_are_parameters(circle):
    status = network.nurture_status(circle, today=TODAY, cadences={"inner": (60, 90)}).set_index(
        "contact_id"
    )
    assert (status.loc[1, "status"], status.loc[1, "max_days"]) == ("due soon", 90)
    assert status.loc[4, "status"] == "overdue"


def test_snooze_and_tier_edits(circle):
    network.snooze_contact(circle, 1, date(2027, 1, 1))
    network.set_tier(circle, 8, "inner")
    status = network.nurture_status(circle, today=TODAY).set_index("contact_id")
    assert (status.loc[1, "status"], status.loc[8, "status"]) == ("snoozed", "overdue")
    network.snooze_contact(circle, 1, None)
    network.set_tier(circle, 8, None)
    status = network.nurture_status(circle, today=TODAY).set_index("contact_id")
    assert status.loc[1, "status"] == "overdue"
    assert (status.loc[8, "tier"], status.loc[8, "tier_basis"]) == ("broad", "derived")


def test_quick_edits_refuse_bad_input(circle):
    with pytest.raises(WaypointError) as error:
        network.log_interaction(circle, 1, date(2026, 10, 30), "carrier pigeon")
    assert error.value.title == "Unknown channel"
    with pytest.raises(WaypointError) as error:
        network.log_interaction(circle, 99, date(2026, 10, 30), "email")
    assert (error.value.title, error.value.detail) == (
        "No such contact",
        "there is no contact with id 99",
    )
    with pytest.raises(WaypointError, match="Unknown direction"):
        network.log_interaction(circle, 1, date(2026, 10, 30), "email", direction="sideways")
    with pytest.raises(WaypointError) as error:
        network.set_tier(circle, 1, "vip")
    assert error.value.detail == "'vip' (expected inner, important, broad)"
    with pytest.raises(WaypointError):
        network.snooze_contact(circle, 99, date(2027, 1, 1))
    count = circle.execute("SELECT count(*) FROM interactions WHERE source = 'manual'")
    assert count.fetchone()[0] == 0


def test_no_contacts(con):
    assert network.nurture_status(con, today=TODAY).empty
    assert network.overdue_contacts(con, today=TODAY).empty
    assert network.due_soon_contacts(con, today=TODAY).empty
