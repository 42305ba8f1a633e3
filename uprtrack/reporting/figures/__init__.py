"""The figures of the item 10 report and the dashboard: counts and sums computed in SQL for one scope."""

from uprtrack.reporting.figures.follow_up import (
    assistance_by_fund,
    assistance_by_provider,
    assistance_received,
    assistance_still_needed,
)
from uprtrack.reporting.figures.good_practices import good_practices
from uprtrack.reporting.figures.pledges import pledges_follow_up
from uprtrack.reporting.figures.scope import (
    TOTAL,
    Scope,
    Table,
    chosen_scope,
    has_recommendations,
    reviewed_states,
    scope_from_args,
)
from uprtrack.reporting.figures.statement import Share, StatementFigures, statement_figures
from uprtrack.reporting.figures.status import (
    Headline,
    excerpt,
    headline,
    progress_since_previous_cycle,
    status_by_sdg_target,
    status_by_theme,
)

__all__ = [
    "TOTAL",
    "Headline",
    "Scope",
    "Share",
    "StatementFigures",
    "Table",
    "assistance_by_fund",
    "assistance_by_provider",
    "assistance_received",
    "assistance_still_needed",
    "chosen_scope",
    "excerpt",
    "good_practices",
    "has_recommendations",
    "headline",
    "pledges_follow_up",
    "progress_since_previous_cycle",
    "reviewed_states",
    "scope_from_args",
    "statement_figures",
    "status_by_sdg_target",
    "status_by_theme",
]
