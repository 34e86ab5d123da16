"""My skills: the weights of skill-atrophy risk, shown and changed (kept in the workspace)."""

from __future__ import annotations

import streamlit as st

from ui import actions

PARTS = {
    "disuse": ("Disuse", "how long since you last used the skill"),
    "market_decline": ("Market decline", "how fast the market's demand for it falls"),
    "low_demand": ("Low demand", "how few postings ask for it"),
}


def weights_sentence(weights: dict[str, float]) -> str:
    """ "Risk weighs disuse 45%, market decline 30% and low demand 25%." """
    shown = [f"{PARTS[k][0].lower()} {weights[k]:.0%}" for k in PARTS]
    return f"Risk weighs {shown[0]}, {shown[1]} and {shown[2]}."


def risk_weights_form(weights: dict[str, float]) -> None:
    """The weights in use, and a form to change them or go back to the defaults."""
    with st.expander(f"{weights_sentence(weights)} Change the weights"):
        with st.form("risk_weights"):
            chosen = {}
            columns = st.columns(len(PARTS))
            for column, (part, (label, meaning)) in zip(columns, PARTS.items(), strict=True):
                value = float(weights[part])
                chosen[part] = column.slider(
                    label, 0.0, 1.0, value, 0.05, help=meaning, key=f"risk-weight-{part}"
                )
            st.caption("The weights are scaled to add up to 100%; a weight of 0 leaves its "
                       "part out.")  # fmt: skip
            save, reset = st.columns(2)
            saved = save.form_submit_button("Use these weights", type="primary")
            restored = reset.form_submit_button("Back to the defaults")
    if saved or restored:
        now = actions.save_risk_weights(None if restored else chosen)
        for part in PARTS:  # the sliders show what was kept (scaled) on the next run
            st.session_state.pop(f"risk-weight-{part}", None)
        st.session_state["skills_flash"] = f"Risk weights saved. {weights_sentence(now)}"
        st.rerun()
