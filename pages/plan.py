"""Plan: goals and milestones, how long savings would last, income streams, targets."""

import streamlit as st

from analysis import charts_plan as charts
from analysis.plan import RunwayInputs
from ui import actions, cached, columns, frame
from ui.columns import sentence, table
from ui.feedback import fmt_money, fmt_months, md, user_errors

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Plan")
st.caption("Your career plan and its finances: goals and milestones, the months your savings "
           "would last without the job (retirement savings kept apart), and your income streams.")  # fmt: skip


def saved(message: str, editor: str | None = None) -> None:
    st.session_state["plan_flash"] = message
    if editor:
        st.session_state.pop(editor, None)  # the edits are in the workspace now
    st.rerun()


with user_errors(), cached.reads():
    if flash := st.session_state.pop("plan_flash", None):
        st.success(flash)

    st.subheader("Goals and milestones")
    goals, progress = cached.goals(), cached.goals_progress()
    if goals.empty:
        st.info("No goals yet: add one in the table below (a row per goal), then save.")
    st.plotly_chart(cached.chart(charts.goals_progress_bars, progress))
    overdue = cached.overdue_milestones()
    st.markdown(f"**Overdue milestones ({len(overdue)})**")
    table(overdue, columns.OVERDUE_MILESTONES)
    late_goals = cached.overdue_goals()
    if not late_goals.empty:
        st.markdown(f"**Overdue goals ({len(late_goals)})**: still open past their due date")
        table(late_goals, columns.OVERDUE_GOALS)
    st.markdown("**Goals** (add a row for a new goal; set a finished one to done)")
    edited = st.data_editor(goals, num_rows="add", hide_index=True, key="goals_editor",
                            column_config=columns.GOALS, column_order=list(columns.GOALS)[1:],
                            placeholder="—")  # fmt: skip
    if st.button("Save goals"):
        saved(f"{actions.save_goals(edited)} goals saved.", "goals_editor")
    if not goals.empty:
        titles = dict(zip(goals["goal_id"], goals["title"], strict=True))
        config = columns.milestone_columns(titles)
        st.markdown("**Milestones**, soonest first")
        edited_ms = st.data_editor(cached.milestones(), num_rows="add", hide_index=True,
                                   key="milestones_editor", column_config=config,
                                   column_order=[c for c, v in config.items() if v],
                                   placeholder="—")  # fmt: skip
        if st.button("Save milestones"):
            saved(f"{actions.save_milestones(edited_ms)} milestones saved.", "milestones_editor")

    st.subheader("Runway")
    stored = cached.runway_inputs()
    st.caption("Change any figure to see what-ifs; save to keep them in the workspace.")
    a, b, c, d = st.columns(4)
    money = {"min_value": 0.0, "step": 1000.0, "format": "%.0f"}
    values = {
        "liquid_savings": a.number_input("Liquid savings ($)", value=stored.liquid_savings, **money),
        "monthly_essential_expenses": b.number_input(
            "Essential expenses per month ($)", value=stored.monthly_essential_expenses, **money,
            placeholder="not entered"),
        "continuing_income": c.number_input(
            "Income that continues ($/month)", value=stored.continuing_income, **money,
            help="The sum of your income streams that continue without the job (edit them "
                 "under Income streams below). A change here is a what-if only: it is not saved."),
        "severance": d.number_input("Severance ($)", value=stored.severance, **money),
        "unemployment_benefit_monthly": a.number_input(
            "Unemployment benefit ($/month)", value=stored.unemployment_benefit_monthly, **money),
        "unemployment_benefit_months": b.number_input(
            "Benefit paid for (months)", value=stored.unemployment_benefit_months, min_value=0.0,
            step=1.0, format="%.0f"),
        "retirement_savings": c.number_input(
            "Retirement savings ($, kept apart)", value=stored.retirement_savings, **money),
    }  # fmt: skip
    result = cached.runway_for(RunwayInputs(**values))
    d.metric("Runway", fmt_months(result.months), help=result.verdict)
    if d.button("Save these figures"):
        figures = {k: v for k, v in values.items() if k != "continuing_income"}
        actions.save_finances(**figures)
        saved("Finances saved.")
    if values["continuing_income"] != stored.continuing_income:
        st.caption(f"Income that continues is a what-if of {fmt_money(values['continuing_income'])}"
                   f"/month, not saved: your income streams say "
                   f"{fmt_money(stored.continuing_income)}. Change the streams to keep it.")  # fmt: skip
    st.markdown(f"**{sentence(result.verdict)}**")
    st.plotly_chart(cached.chart(charts.runway_chart, result.path, result.scenarios))
    table(result.scenarios, columns.SCENARIOS)

    st.subheader("Income streams")
    income = cached.income_diversification()
    st.markdown(f"**{md(sentence(income.verdict))}**")
    if income.table is not None and not income.table.empty:
        st.caption(f"Total per month: {fmt_money(income.table['monthly_amount'].sum())}.")
    st.markdown("**Your income streams** (a row per stream; tick those that continue without "
                "the job: they set the runway's income that continues)")  # fmt: skip
    edited_s = st.data_editor(cached.income_streams(),
                              num_rows="dynamic", hide_index=True, key="streams_editor",
                              column_config=columns.STREAMS_EDITOR,
                              column_order=list(columns.STREAMS_EDITOR)[1:],
                              placeholder="—")  # fmt: skip
    if st.button("Save income streams"):
        counts = actions.save_income_streams(edited_s)
        saved(f"Income streams saved: {counts['added']} added, {counts['updated']} changed, "
              f"{counts['removed']} removed.", "streams_editor")  # fmt: skip

    st.subheader("Targets")
    st.caption("The companies, roles and locations you aim for. Roles define your target "
               "market on the My skills page; companies drive the Network page.")  # fmt: skip
    edited_t = st.data_editor(cached.targets(), num_rows="dynamic", hide_index=True,
                              key="targets_editor", column_config=columns.TARGETS,
                              column_order=list(columns.TARGETS)[1:], placeholder="—")  # fmt: skip
    if st.button("Save targets"):
        counts = actions.save_targets(edited_t)
        saved(f"Targets saved: {counts['added']} added, {counts['updated']} changed, "
              f"{counts['removed']} removed.", "targets_editor")  # fmt: skip
