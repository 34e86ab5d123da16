"""Network: is it ready for a job search, and whom to contact this week."""

import pandas as pd
import streamlit as st

from analysis import charts_network as charts
from analysis.network import CADENCES, CHANNELS
from analysis.text_format import day
from ui import actions, cached, columns, frame
from ui.columns import CHANNEL_LABELS, table
from ui.feedback import fmt_pct, md, overdue_caption, tier_choice, tier_now, user_errors

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Network")
st.caption("Who could help you now, who you know at your target companies, and which "
           "relationships need a call. Strength is your own 1–5 rating where you gave one, "
           "otherwise estimated from how recently, how often and how you keep in touch.")  # fmt: skip


def log_from_form() -> None:
    s = st.session_state
    with user_errors():
        actions.log_interaction(s.log_contact, s.log_date, s.log_channel, s.log_note)
        who = s.get("log_names", {}).get(s.log_contact, "")
        with_whom = f" with {md(who.split(', ')[0])}" if who else ""
        s.network_flash = (
            f"Logged: {CHANNEL_LABELS[s.log_channel]}{with_whom} on {day(s.log_date)}."
        )


def keep_in_touch_from_form(name: str) -> None:
    s = st.session_state
    contact_id = s.tier_contact
    tier, until = s[f"tier_of_{contact_id}"], s[f"snooze_of_{contact_id}"]
    with user_errors():
        actions.keep_in_touch(contact_id, tier or None, until)
        snooze = f", snoozed until {day(until)}" if until else ""
        s.network_flash = f"Saved: {md(name)}, {tier_choice(tier).lower()}{snooze}."


with user_errors(), cached.reads():
    if not cached.has("contacts"):
        st.info("No contacts yet. On **Import**, add LinkedIn `Connections.csv` (or the whole "
                "LinkedIn export ZIP), Google or Outlook contacts CSV, or a vCard file; add "
                "LinkedIn `messages.csv` to see how you keep in touch.")  # fmt: skip
        st.stop()
    if flash := st.session_state.pop("network_flash", None):
        st.success(flash)

    test = cached.ten_people()
    left, right = st.columns([2, 3], vertical_alignment="center")
    gauge = cached.chart(charts.ten_people_gauge, test.count, test.target, test.status)
    left.plotly_chart(gauge)
    right.markdown(f"**The 10-people test:** {test.verdict}.")
    right.caption("Could you name ten people who would help you now? They count here when "
                  "you were in touch in the last year and the relationship is strong (50 of "
                  "100 or more), or when they are close former colleagues (40 or more).")  # fmt: skip
    st.markdown("**The people behind the number**")
    # The page's width, so each reason reads whole; ten rows, then a scroll.
    table(test.people, columns.PEOPLE, height=390 if len(test.people) > 10 else "auto")

    st.subheader("Target companies")
    coverage = cached.target_coverage()
    if coverage.empty:
        st.info("No target companies yet: add them on the **Plan** page, or import LinkedIn "
                "`Job Seeker Preferences.csv` (dream companies).")  # fmt: skip
    else:
        table(coverage, columns.COVERAGE)
    gaps = cached.coverage_gaps()
    if not gaps.empty:
        st.markdown("**Companies hiring where you know nobody yet**")
        st.caption(f"Counted over {cached.target_phrase()}.")
        table(gaps, columns.COVERAGE_GAPS)

    st.subheader("Keep in touch")
    overdue, due = cached.overdue_contacts(), cached.due_soon_contacts()
    everyone = cached.nurture_status().set_index("contact_id")
    tab_over, tab_due, tab_week = st.tabs(
        [f"Overdue ({len(overdue)})", f"Due soon ({len(due)})", "This week's outreach"])  # fmt: skip
    with tab_over:
        st.caption(overdue_caption(len(overdue), int((everyone["status"] == "never in touch").sum()),
                                   int(overdue["last_interaction"].isna().sum())))  # fmt: skip
        table(overdue, columns.NURTURE)
    with tab_due:
        st.caption("Due within two weeks." if len(due) else "Nobody is due in the next two weeks.")
        table(due, columns.NURTURE)
    with tab_week:
        table(cached.outreach_plan(), columns.OUTREACH)

    names = {i: f"{name}, {company if isinstance(company, str) and company else 'no company'}"
             for i, name, company in zip(everyone.index, everyone["contact"],
                                         everyone["company"], strict=True)}  # fmt: skip
    # Anyone can be logged; the overdue, the due and this week's outreach come first.
    first = [*overdue["contact_id"], *due["contact_id"], *cached.outreach_plan()["contact_id"]]
    people = list(dict.fromkeys([*first, *names]))
    st.session_state["log_names"] = names  # for the message once logged
    with st.form("log_interaction", clear_on_submit=True):
        st.markdown("**Log an interaction**: it resets that person's clock")
        st.selectbox("Contact", people, format_func=names.get, key="log_contact",
                     help="Type to search every contact; overdue ones are listed first")  # fmt: skip
        b, c = st.columns(2)
        b.date_input("Date", value=cached.today(), max_value=cached.today(), key="log_date",
                     format="DD/MM/YYYY")  # fmt: skip
        c.selectbox("Channel", CHANNELS, format_func=CHANNEL_LABELS.get, key="log_channel")
        st.text_input("Note (optional)", key="log_note")
        st.form_submit_button("Log interaction", on_click=log_from_form, disabled=not people)

    with st.container(border=True):
        st.markdown("**Keep up with someone**: their tier sets how often to be in touch; "
                    "snoozing leaves them out of the lists until then")  # fmt: skip
        contact_id = st.selectbox("Contact", list(names), key="tier_contact",
                                  format_func=names.get)  # fmt: skip
        b, c = st.columns(2)
        person = everyone.loc[contact_id]
        choices = ["", *CADENCES]
        b.selectbox("Tier", choices, key=f"tier_of_{contact_id}", format_func=tier_choice,
                    index=choices.index(person["tier"] if person["tier_basis"] == "set" else ""))  # fmt: skip
        snoozed = person["snoozed_until"]
        awake = pd.isna(snoozed) or snoozed.date() <= cached.today()
        c.date_input("Snooze until", value=None if awake else snoozed.date(),
                     min_value=cached.today(), key=f"snooze_of_{contact_id}", format="DD/MM/YYYY")  # fmt: skip
        st.caption(f"Now: {tier_now(person['tier'], person['tier_basis'])}; {person['status']}.")
        st.button("Save", key="save_tier", on_click=keep_in_touch_from_form,
                  args=(person["contact"],))  # fmt: skip

    st.subheader("Your network at a glance")
    mix = cached.channel_mix()
    st.plotly_chart(cached.chart(charts.channel_mix_bars, mix.by_year))
    st.caption(f"In touch on two or more channels: {fmt_pct(mix.multi_channel_share)} of the "
               f"people you keep in touch with; on LinkedIn only: "
               f"{fmt_pct(mix.linkedin_only_share)}.")  # fmt: skip
    one, two = st.columns(2)
    years = cached.connections_by_year()
    one.plotly_chart(cached.chart(charts.connections_per_year_bar, years))
    two.markdown("**Where your contacts work**")
    table(cached.contacts_by_company(), columns.COMPANIES, two, height=400)

    st.subheader("Changes and clean-up")
    changes, dupes = cached.job_changes(), cached.possible_duplicates()
    st.markdown("**Job changes found between imports**")
    if changes.empty:
        st.caption("No job changes yet: they appear when a later Connections.csv import shows "
                   "someone at a new company or in a new role.")  # fmt: skip
    else:
        table(changes, columns.CHANGES)
    st.markdown("**Possible duplicates**")
    if dupes.empty:
        st.caption("No possible duplicates among your contacts.")
    else:
        table(dupes, columns.DUPLICATES)
        pair = st.selectbox("Merge which pair?", dupes.index, format_func=lambda i: (
            f"{dupes.at[i, 'name_a']} ({dupes.at[i, 'company_a'] or 'no company'}) ← "
            f"{dupes.at[i, 'name_b']} ({dupes.at[i, 'company_b'] or 'no company'})"))  # fmt: skip
        if st.button("Merge: keep the first, fold the second into it"):
            actions.merge_contacts(dupes.at[pair, "contact_id_a"], dupes.at[pair, "contact_id_b"])
            st.session_state["network_flash"] = "Contacts merged; every interaction was kept."
            st.rerun()
