"""The item 10 report: what the State achieved on its UPR recommendations, the assistance it received and the
assistance it still needs, for the Human Rights Council's general debate on technical cooperation (res. 45/32)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from uprtrack.core.data_version import Memo
from uprtrack.models import Cycle, State
from uprtrack.reporting import figures
from uprtrack.reporting.amounts import local_amount, money
from uprtrack.reporting.figures import Headline, Scope, StatementFigures, Table
from uprtrack.web.languages import interface_language, state_name

FIGURES = Memo(64)  # the reports read: a few data versions x reviews x languages


@dataclass
class Item10Report:
    """Everything the report says, for one scope; the page and every export render this."""

    state: State
    cycle: Cycle
    scope: Scope
    on: date
    headline: Headline
    status_by_theme: Table
    status_by_sdg_target: Table
    progress_cross: Table
    progress_list: Table
    assistance_by_provider: Table
    assistance_by_fund: Table
    assistance_received: Table
    assistance_still_needed: Table
    pledges: Table
    good_practices: Table
    statement: StatementFigures
    paper: str = "a4"  # the files' paper, from the `paper` query argument

    @property
    def tables(self) -> list[Table]:
        """The report's tables in the order of the report."""
        return [
            self.status_by_theme,
            self.status_by_sdg_target,
            self.progress_cross,
            self.progress_list,
            self.good_practices,
            self.pledges,
            self.assistance_by_provider,
            self.assistance_by_fund,
            self.assistance_received,
            self.assistance_still_needed,
        ]

    @property
    def sections(self) -> list[tuple[str, list[Table]]]:
        """The report in the order a statement answers: achieved, with whose help, still needed; then details."""
        return [
            (
                _("What was achieved"),
                [self.progress_cross, self.good_practices, self.status_by_sdg_target],
            ),
            (
                _("With whose help"),
                [
                    self.assistance_by_provider,
                    self.assistance_by_fund,
                    self.assistance_received,
                    self.pledges,
                ],
            ),
            (_("What is still needed"), [self.assistance_still_needed]),
            (_("In detail"), [self.status_by_theme, self.progress_list]),
        ]

    @property
    def file_stem(self) -> str:
        """The name of the exported files, without extension: item10-SVN-cycle4-2026-11-27."""
        return f"item10-{self.state.iso3}-cycle{self.cycle.number}-{self.on.isoformat()}"


def build_report(session: Session, scope: Scope, on: date | None = None) -> Item10Report:
    """Compute every figure of the report for the scope, as of a date (today unless given): once per version of
    the data, language and date, as the page and each of its files ask for the same figures."""
    on = on or date.today()
    counted = FIGURES.at_version(
        session, (scope, on, interface_language()), lambda: _figures(session, scope, on)
    )
    return Item10Report(
        state=session.get(State, scope.state_id),
        cycle=session.get(Cycle, scope.cycle),
        scope=scope,
        on=on,
        **counted,
    )


def _figures(session: Session, scope: Scope, on: date) -> dict:
    """The report's figures, counted by aggregate SQL: plain tables and numbers, no record of the session."""
    cross, listing = figures.progress_since_previous_cycle(session, scope)
    return {
        "headline": figures.headline(session, scope, today=on),
        "status_by_theme": figures.status_by_theme(session, scope),
        "status_by_sdg_target": figures.status_by_sdg_target(session, scope),
        "progress_cross": cross,
        "progress_list": listing,
        "assistance_by_provider": figures.assistance_by_provider(session, scope),
        "assistance_by_fund": figures.assistance_by_fund(session, scope),
        "assistance_received": figures.assistance_received(session, scope),
        "assistance_still_needed": figures.assistance_still_needed(session, scope),
        "pledges": figures.pledges_follow_up(session, scope),
        "good_practices": figures.good_practices(session, scope),
        "statement": figures.statement_figures(session, scope),
    }


def title(report: Item10Report) -> str:
    return _(
        "Item 10 report: %(state)s, UPR cycle %(cycle)s",
        state=state_name(report.state),
        cycle=report.cycle.number,
    )


def subtitle(report: Item10Report) -> str:
    """What the report covers and as of when."""
    covers = (
        _("Recommendations on the right to education")
        if report.scope.education
        else _("All recommendations")
    )
    seen = (
        _("public records only")
        if report.scope.published_only
        else _("including records not yet published")
    )
    return _(
        "%(covers)s, %(seen)s, as of %(date)s.",
        covers=covers,
        seen=seen,
        date=format_date(report.on),
    )


def summary_lines(report: Item10Report) -> list[str]:
    """The headline as sentences for the debate."""
    h = report.headline
    return [
        _(
            "Recommendations in this scope: %(total)s (supported: %(supported)s, supported in part: %(in_part)s, "
            "noted: %(noted)s).",
            total=h.recommendations,
            supported=h.supported,
            in_part=h.supported_in_part,
            noted=h.noted,
        ),
        _(
            "Fully implemented: %(full)s; partially implemented: %(partial)s; past their due date: %(overdue)s.",
            full=h.fully_implemented,
            partial=h.partially_implemented,
            overdue=h.overdue,
        ),
        _(
            "Recommendations served by technical assistance received: %(assisted)s.",
            assisted=h.with_assistance,
        ),
    ]


def percent(share) -> str:
    """A share as "67 %" in the reader's format; a dash when nothing was supported."""
    return "–" if share is None or share.percent is None else format_percent(share.percent / 100)


def points(change: int | None) -> str:
    if change is None:
        return "–"
    return _("%(sign)s%(points)s points", sign="+" if change > 0 else "", points=change)


def amounts_text(amounts: dict) -> str:
    """Amounts per currency, never added across currencies: "5,000.00 EUR; 2,000.00 USD"."""
    return "; ".join(money(a, c or None) for c, a in amounts.items()) or "–"


def key_figures(report: Item10Report) -> list[tuple[str, str]]:
    """The figures a statement uses, as (label, value) pairs for the page and the files."""
    s = report.statement
    return [
        (_("Supported recommendations implemented (fully or partially)"), percent(s.overall)),
        (
            _("Change since cycle %(cycle)s", cycle=s.previous_cycle)
            if s.previous_cycle
            else _("Change since the previous cycle"),
            points(s.change),
        ),
        (_("Assistance still needed"), amounts_text(s.needed)),
        (_("Pledges kept (with a follow-up)"), f"{s.pledges_kept} / {s.pledges}"),
    ]


def share_tables(report: Item10Report) -> list[Table]:
    """The implemented shares by theme and by SDG 4 target as tables."""
    header = [_("Implemented"), _("Supported"), _("Share")]

    def table(caption, first, shares):
        return Table(
            caption=caption,
            header=[first, *header],
            rows=[(name, [x.implemented, x.supported, percent(x)]) for name, x in shares],
            keys=["implemented", "supported", "share"],
        )

    s = report.statement
    return [
        table(_("Supported recommendations implemented, by theme"), _("Theme"), s.by_theme),
        table(
            _("Supported recommendations implemented, by SDG 4 target"),
            _("SDG 4 target"),
            s.by_sdg_target,
        ),
    ]


def cell_text(value) -> str:
    """A table value as text: amounts with two decimals and the reader's separators, nothing as blank."""
    if isinstance(value, Decimal):
        return local_amount(value)
    return "" if value is None else str(value)
