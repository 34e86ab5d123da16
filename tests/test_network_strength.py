"""Relationship strength (its parts, former colleagues) and the 10-people test."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis import network, store
from analysis.network_strength import clear_cache

TODAY = date(2026, 11, 1)


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def add_contact(con, contact_id, name, company=None, position=None, connected_on=None, *,
                rating=None, tier=None, tags=None):  # fmt: skip
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, company, position, connected_on, source, "
        "strength_rating, tier, tags) VALUES (?, ?, ?, ?, ?, 'linkedin', ?, ?, ?)",
        [contact_id, name, company, position, connected_on, rating, tier, tags],
    )


def add_interaction(con, contact_id, when, channel="email", direction="outbound"):
    con.execute(
        "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, direction, "
        "source) VALUES (nextval('interaction_id_seq'), ?, ?, ?, ?, 'manual')",
        [contact_id, when, channel, direction],
    )


def add_position(con, company, started, finished):
    con.execute(
        "INSERT INTO positions (position_id, company, title, started_on, finished_on) "
        "VALUES (nextval('position_id_seq'), ?, 'Analyst', ?, ?)",
        [company, started, finished],
    )


@pytest.fixture
def acme(con):
    """The user worked at "Acme Corp."; four contacts with known parts."""
    add_position(con, "Acme Corp.", date(2001, 1, 1), date(2012, 6, 30))
    add_position(con, "Initech", date(2012, 7, 1), None)
    # Ann: former colleague through a fuzzy company match, two-way, two channels.
    add_contact(con, 1, "Ann Archer", "ACME Corporation", "Head of Data", date(2021, 11, 1))
    add_interaction(con, 1, datetime(2026, 10, 2, 9, 30), "email", "outbound")
    add_interaction(con, 1, datetime(2026, 9, 1, 16, 0), "call", "inbound")
    add_interaction(con, 1, datetime(2023, 1, 1, 12, 0), "email", "outbound")  # > 24 months
    add_interaction(con, 1, datetime(2026, 12, 24, 12, 0), "meeting", "mutual")  # future
    # Bob: rated 4 by the user; "Acme Bank" is not Acme Corp.
    add_contact(con, 2, "Bob Baker", "Acme Bank", "Teller", date(2016, 11, 1), rating=4)
    # Cy: nothing known.
    add_contact(con, 3, "Cy Cole")
    # Di: one inbound LinkedIn message today, no connection date.
    add_contact(con, 4, "Di Dunn", "Globex", "Engineer")
    add_interaction(con, 4, datetime(2026, 11, 1, 8, 0), "linkedin", "inbound")
    return con


def test_parts_and_total_for_each_contact(acme):
    frame = network.relationship_strength(acme, today=TODAY)
    assert list(frame.columns) == [
        "contact_id", "contact", "company", "position", "connected_on", "last_interaction",
        "last_channel", "interactions_24m", "channels", "two_way", "former_colleague",
        "former_employer", "recency_pts", "frequency_pts", "channel_pts", "direction_pts",
        "colleague_pts", "age_pts", "estimated", "strength_rating", "strength", "basis",
    ]  # fmt: skip
    parts = frame.set_index("contact_id")[
        ["recency_pts", "frequency_pts", "channel_pts", "direction_pts", "colleague_pts",
         "age_pts", "estimated", "strength", "basis"]]  # fmt: skip
    expected = pd.DataFrame(
        {
            # 30 x 0.5**(30/180); 20 x ln(3)/ln(13); 10 x 2/3; two-way; colleague; 10 x 5/10
            1: [26.7, 8.6, 6.7, 10.0, 20.0, 5.0, 77.0, 77.0, "estimated"],
            # your rating 4 -> 75; the estimate alone is the connection age (10 years)
            2: [0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 75.0, "your rating"],
            # today; 20 x ln(2)/ln(13); 10 x 1/3; one-way counts half; no connection date
            4: [30.0, 5.4, 3.3, 5.0, 0.0, 0.0, 43.7, 43.7, "estimated"],
            3: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "estimated"],
        },
        index=parts.columns,
    ).T  # fmt: skip
    expected.index.name = "contact_id"
    pd.testing.assert_frame_equal(parts, expected, check_dtype=False)
    ann = frame.iloc[0]
    assert (ann["contact"], ann["interactions_24m"], ann["channels"], ann["two_way"]) == (
        "Ann Archer",
        2,
        2,
        True,
    )  # the future meeting is ignored
    assert ann["last_interaction"] == pd.Timestamp("2026-10-02 09:30")
    assert ann["last_channel"] == "email"
    ratings = frame.set_index("contact_id")["strength_rating"]
    assert ratings[2] == 4 and pd.isna(ratings[1])


def test_former_colleague_through_fuzzy_company_match(acme):
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert frame.loc[1, "former_colleague"]
    assert frame.loc[1, "former_employer"] == "Acme Corp."  # as the user wrote it
    assert not frame.loc[2, "former_colleague"]  # "Acme Bank" merely contains "Acme"
    assert frame.loc[2, "former_employer"] is None


def test_company_is_shown_in_one_spelling(acme):
    """Ann's "ACME Corporation" shows as the user wrote the employer; two spellings of Globex
    show as the commoner one, so one company is never listed under two names."""
    add_contact(acme, 5, "Ed Eng", "Globex Inc.", "Engineer")
    add_contact(acme, 6, "Flo Fox", "Globex", "Designer")
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert pd.isna(frame.loc[3, "company"])
    assert frame["company"].drop(3).to_dict() == {
        1: "Acme Corp.", 2: "Acme Bank", 4: "Globex", 5: "Globex", 6: "Globex",
    }  # fmt: skip


def test_two_self_employed_people_are_no_colleagues(acme):
    add_position(acme, "Self-employed", date(2012, 7, 1), date(2014, 1, 1))
    add_contact(acme, 8, "Hal Hill", "Self Employed", "Consultant", date(2020, 1, 1))
    add_contact(acme, 9, "Ivy Ives", "Freelance", "Designer", date(2020, 1, 1))
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert not frame.loc[8, "former_colleague"] and not frame.loc[9, "former_colleague"]
    assert frame.loc[1, "former_colleague"]  # Acme still counts


def test_former_colleague_who_left_a_shared_employer_or_is_tagged(acme):
    add_contact(acme, 5, "Eve Evans", "Umbrella", "Director", date(2015, 1, 1))
    acme.execute(
        "INSERT INTO contact_changes VALUES (5, 2, 'company', 'ACME Corp', 'Umbrella', ?)",
        [datetime(2026, 9, 1)],
    )
    add_contact(acme, 6, "Fay Fox", "Hooli", tags="book club, Former Colleague")
    add_contact(acme, 7, "Gus Gray", "Hooli", tags="colleagues of Fay")
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert frame.loc[5, "former_employer"] == "Acme Corp."
    assert frame.loc[6, "former_colleague"] and frame.loc[6, "former_employer"] == ""
    assert not frame.loc[7, "former_colleague"]


def test_weights_and_half_life_are_parameters(acme):
    frame = network.relationship_strength(
        acme, today=TODAY, half_life_days=30, weights={"colleague": 0.0}
    ).set_index("contact_id")
    assert frame.loc[1, "recency_pts"] == 15.0  # one half-life after the last email
    assert frame.loc[1, "colleague_pts"] == 0.0
    assert frame.loc[1, "estimated"] == 45.3


def test_cached_frames_follow_changes_in_the_data(acme):
    clear_cache()
    before = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    acme.execute("UPDATE contacts SET strength_rating = 5 WHERE contact_id = 3")
    after = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert (before.loc[3, "strength"], after.loc[3, "strength"]) == (0.0, 100.0)
    after.loc[3, "strength"] = -1.0  # a caller changing its copy does not touch the cache
    again = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert again.loc[3, "strength"] == 100.0


def test_no_contacts_gives_an_empty_frame(con):
    frame = network.relationship_strength(con, today=TODAY)
    assert frame.empty and "strength" in frame.columns


# --------------------------------------------------------------------------- 10-people test


@pytest.fixture
def circle(con):
    """Six rated friends in touch this year, and the cases that do not count."""
    add_position(con, "Acme Corp.", date(2001, 1, 1), date(2012, 6, 30))
    for i in range(1, 7):
        add_contact(con, i, f"Friend {i}", "Globex", "Analyst", date(2015, 1, 1), rating=5)
        add_interaction(con, i, datetime(2026, 6, 1, 10, 0))
    add_contact(con, 7, "Old Friend", "Globex", None, date(2015, 1, 1), rating=5)
    add_interaction(con, 7, datetime(2025, 10, 1, 10, 0))  # 396 days ago: not recent
    add_contact(con, 8, "Weak Tie", "Globex", None, date(2015, 1, 1), rating=2)
    add_interaction(con, 8, datetime(2026, 10, 1, 10, 0))  # recent but weak (25)
    add_contact(con, 9, "Silent Colleague", "ACME Corporation", None, date(2010, 1, 1))  # 30
    add_contact(con, 10, "Rated Colleague", "Acme Corp", None, date(2010, 1, 1), rating=3)
    add_contact(con, 11, "Warm Colleague", "acme corp.", None, date(2012, 1, 1))
    add_interaction(con, 11, datetime(2025, 6, 1, 10, 0))  # 47.8: close, though not recent
    return con


def test_ten_people_count_on_a_constructed_set(circle):
    result = network.ten_people_test(circle, today=TODAY)
    assert (result.count, result.target, result.verdict, result.status) == (
        8, 10, "building: 8 of 10", "watch")  # fmt: skip
    people = result.people
    assert list(people.columns) == ["contact_id", "contact", "company", "position", "strength",
                                    "basis", "last_interaction", "last_channel",
                                    "former_colleague", "reason"]  # fmt: skip
    assert people["contact_id"].tolist() == [1, 2, 3, 4, 5, 6, 10, 11]
    assert people["strength"].tolist() == [100.0] * 6 + [50.0, 47.8]
    assert people.loc[0, "reason"] == (
        "strength 100 (your rating), last contact 5 months ago by email"
    )
    assert people.loc[6, "reason"] == (
        "former colleague at Acme Corp., strength 50 (your rating), no recorded contact yet"
    )
    assert people.loc[7, "reason"] == (
        "former colleague at Acme Corp., strength 48 (estimated), "
        "last contact 17 months ago by email"
    )


def test_ten_people_ready_and_parameters(circle):
    for i in (12, 13):
        add_contact(circle, i, f"New Friend {i}", "Globex", None, date(2020, 1, 1), rating=4)
        add_interaction(circle, i, datetime(2026, 10, 20), "in_person", "mutual")
    result = network.ten_people_test(circle, today=TODAY)
    assert (result.count, result.verdict, result.status) == (
        10,
        "ready: 10 people could help now",
        "healthy",
    )
    stricter = network.ten_people_test(circle, threshold=80, colleague_threshold=60, today=TODAY)
    assert stricter.count == 6  # the rated-4 friends (75) and both colleagues drop out
    longer = network.ten_people_test(circle, within_days=400, today=TODAY)
    assert longer.count == 11  # the old friend's October 2025 message now counts


def test_ten_people_with_no_contacts(con):
    result = network.ten_people_test(con, today=TODAY)
    assert (result.count, result.verdict, result.status) == (
        0,
        "at risk: only 0 of 10 people could help now",
        "at risk",
    )
    assert result.people.empty


# --------------------------------------------------------------------------- current employer


def test_a_contact_at_my_current_employer_is_a_current_colleague_not_a_former_one(acme):
    """The user works at Initech now (no end date). Nia works there too: a current colleague,
    without the former-colleague points. Eve left Initech, so the time the two shared there is
    over: a former colleague. Ann, at Acme (which the user left in 2012), stays one."""
    add_contact(acme, 5, "Nia Noor", "Initech Inc.", "Data Engineer", date(2016, 11, 1))
    add_contact(acme, 6, "Eve Evans", "Umbrella", "Director", date(2016, 11, 1))
    acme.execute("INSERT INTO contact_changes VALUES (6, 2, 'company', 'Initech', 'Umbrella', ?)",
                 [datetime(2026, 9, 1)])  # fmt: skip
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    got = frame.loc[[1, 5, 6], ["company", "former_colleague", "colleague_pts", "strength"]]
    expected = pd.DataFrame(
        {"company": ["Acme Corp.", "Initech", "Umbrella"],
         "former_colleague": [True, False, True],
         "colleague_pts": [20.0, 0.0, 20.0], "strength": [77.0, 10.0, 30.0]},
        index=pd.Index([1, 5, 6], name="contact_id"),
    )  # fmt: skip
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert frame.loc[[1, 5, 6], "former_employer"].tolist() == ["Acme Corp.", None, "Initech"]


def test_an_employer_i_went_back_to_is_current(acme):
    """The user left Acme in 2012 and went back in 2024 (written "ACME Corp", no end date):
    Ann, at Acme, is a current colleague again."""
    add_position(acme, "ACME Corp", date(2024, 1, 1), None)
    frame = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    ann = frame.loc[1, ["former_colleague", "former_employer", "colleague_pts", "strength"]]
    assert ann.tolist() == [False, None, 0.0, 57.0]


def test_a_close_current_colleague_does_not_pass_the_ten_people_test_as_a_former_one(circle):
    """Dee sits next to the user at Hooli (current) and last wrote 20 months ago: 26.6 points
    without the colleague part, so neither rule of the test counts her."""
    add_position(circle, "Hooli", date(2012, 7, 1), None)
    add_contact(circle, 12, "Desk Dee", "Hooli", None, date(2012, 1, 1))
    add_interaction(circle, 12, datetime(2025, 3, 1, 10, 0))
    result = network.ten_people_test(circle, today=TODAY)
    assert (result.count, result.verdict) == (8, "building: 8 of 10")
    assert result.people["contact_id"].tolist() == [1, 2, 3, 4, 5, 6, 10, 11]
    dee = network.relationship_strength(circle, today=TODAY).set_index("contact_id").loc[12]
    assert (dee["former_colleague"], dee["colleague_pts"], dee["strength"]) == (False, 0.0, 26.6)


def test_the_reason_writes_a_half_point_strength_rounded_up(circle):
    """50.5 (26.8 recency + 5.4 frequency + 3.3 channels + 5 direction + 10 age) reads
    "strength 51", as the report's Strength cell and the dashboard's table write it."""
    add_contact(circle, 12, "Half Point", "Globex", None, date(2015, 1, 1))
    add_interaction(circle, 12, datetime(2026, 10, 3, 10, 0))  # 29 days ago
    people = network.ten_people_test(circle, today=TODAY).people.set_index("contact_id")
    assert people.loc[12, "strength"] == 50.5
    assert people.loc[12, "reason"] == (
        "strength 51 (estimated), last contact 4 weeks ago by email"
    )


def test_leaving_my_current_employer_is_seen_at_once(acme):
    """The memoised frame is keyed on the positions' end dates too: once the user leaves
    Initech, Nia there becomes a former colleague."""
    add_contact(acme, 5, "Nia Noor", "Initech Inc.", "Data Engineer", date(2016, 11, 1))
    before = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    acme.execute("UPDATE positions SET finished_on = DATE '2026-06-30' WHERE company = 'Initech'")
    after = network.relationship_strength(acme, today=TODAY).set_index("contact_id")
    assert (before.loc[5, "former_colleague"], before.loc[5, "strength"]) == (False, 10.0)
    assert (after.loc[5, "former_employer"], after.loc[5, "strength"]) == ("Initech", 30.0)
