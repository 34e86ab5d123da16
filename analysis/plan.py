"""The career plan and its finances: goals and milestones (analysis.plan_goals), runway and
income diversification (analysis.plan_runway). The public entry.

Runway is liquid savings (plus severance) divided by the monthly gap between essential expenses
and the income that continues without the job, in months; retirement savings are shown apart
and never counted.
"""

from analysis.plan_goals import (
    GOAL_CATEGORIES,
    STATUSES,
    goals_progress,
    overdue_goals,
    overdue_milestones,
    save_goal,
    save_milestone,
    set_milestone_status,
)
from analysis.plan_runway import (
    FINANCE_KEYS,
    SCENARIO_MONTHS,
    Diversification,
    RunwayInputs,
    RunwayResult,
    delete_income_stream,
    income_diversification,
    runway,
    runway_from_store,
    runway_inputs_from_store,
    save_finances,
    save_income_stream,
)

__all__ = [
    "FINANCE_KEYS", "GOAL_CATEGORIES", "SCENARIO_MONTHS", "STATUSES", "Diversification",
    "RunwayInputs", "RunwayResult", "delete_income_stream", "goals_progress",
    "income_diversification", "overdue_goals", "overdue_milestones", "runway", "runway_from_store",
    "runway_inputs_from_store", "save_finances", "save_goal", "save_income_stream",
    "save_milestone", "set_milestone_status",
]  # fmt: skip
