"""The dashboard: charts of one review's implementation, each with its figures as a table, and the charts' images."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from uprtrack.core.data_version import Memo, data_version
from uprtrack.core.visibility import published_only
from uprtrack.core.vocabulary import Status
from uprtrack.extensions import db
from uprtrack.models import State
from uprtrack.reporting.chart_cache import IMAGES, etag
from uprtrack.reporting.figures import (
    Scope,
    Table,
    assistance_by_provider,
    chosen_scope,
    has_recommendations,
    reviewed_states,
    status_by_theme,
)
from uprtrack.reporting.figures.dashboard import (
    NOT_ASSESSED,
    status_against_assessments,
    status_over_time,
)
from uprtrack.web.languages import LANGUAGES, interface_language
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("dashboard", __name__)
CACHE = "private, no-cache"  # what the reader may see depends on who is signed in; revalidated by its ETag
THEMES_CHARTED = 12  # the themes with the most recommendations; the table lists them all
FIGURES = Memo(256)  # the charts' tables: 5 a review x the reviews read x languages, a few kB each


@dataclass(frozen=True)
class Chart:
    """One chart of the dashboard: its figures, how they are drawn, what the image shows and what to say if empty."""

    table: Callable[[Scope], Table]
    draw: Callable[
        [ModuleType, Table, float], object
    ]  # uprtrack.reporting.charts, the table and the chart's width
    alt: str
    empty: str
    limit: int | None = None  # the most rows the chart draws; its table lists them all

    def leaves_out(self, table: Table) -> bool:
        """Whether the chart draws fewer rows than its table lists."""
        return self.limit is not None and len(table.rows) > self.limit


def _recommendations() -> str:
    return _("Number of recommendations")


CHARTS: dict[str, Chart] = {
    "status-by-theme": Chart(
        lambda scope: status_by_theme(db.session, scope),
        lambda charts, table, width: charts.stacked_bars(
            table, Status.chart_colours(), _recommendations(), width, limit=THEMES_CHARTED
        ),
        _l(
            "Stacked bar chart: for each theme, the number of recommendations in each status of the national "
            "mechanism, from not started to fully implemented. The figures are in the table after the chart."
        ),
        _l("There are no recommendations to count here yet."),
        limit=THEMES_CHARTED,
    ),
    "status-over-time": Chart(
        lambda scope: status_over_time(db.session, scope),
        lambda charts, table, width: charts.stacked_area(
            table, Status.chart_colours(), _recommendations(), width
        ),
        _l(
            "Stacked area chart: the number of recommendations in each status at the end of each period, from the "
            "first status change to today. The figures are in the table after the chart."
        ),
        _l(
            "No status change has been recorded yet: every recommendation is still counted as not started."
        ),
    ),
    "assistance-by-provider": Chart(
        lambda scope: assistance_by_provider(db.session, scope),
        lambda charts, table, width: charts.grouped_bars(
            table, _("Number"), only=("projects", "recommendations"), width=width
        ),
        _l(
            "Bar chart: for each provider, the number of technical assistance projects received and the number of "
            "recommendations they serve. The figures, with the amounts, are in the table after the chart."
        ),
        _l("No technical assistance received has been recorded for these recommendations yet."),
    ),
    "status-against-nhri": Chart(
        lambda scope: status_against_assessments(db.session, scope)[0],
        lambda charts, table, width: charts.heat_map(
            table,
            _("National mechanism's status"),
            _("NHRI's rating"),
            muted=(NOT_ASSESSED,),
            width=width,
        ),
        _l(
            "Shaded table: how many recommendations have each status of the national mechanism and each latest "
            "rating of the NHRI; darker cells hold more. The figures are in the table after the chart."
        ),
        _l("The NHRI has not published an assessment of these recommendations yet."),
    ),
    "status-against-cso": Chart(
        lambda scope: status_against_assessments(db.session, scope)[1],
        lambda charts, table, width: charts.heat_map(
            table,
            _("National mechanism's status"),
            _("Civil society's rating"),
            muted=(NOT_ASSESSED,),
            width=width,
        ),
        _l(
            "Shaded table: how many recommendations have each status of the national mechanism and each latest "
            "rating by civil society; darker cells hold more. The figures are in the table after the chart."
        ),
        _l("Civil society has not published an assessment of these recommendations yet."),
    ),
}
# The page's panels: a heading each, and the charts it holds under their own subheadings when there are several.
PANELS = (
    ("status", _l("Implementation status by theme"), (("status-by-theme", None),)),
    ("history", _l("Status over time"), (("status-over-time", None),)),
    ("assistance", _l("Technical assistance by provider"), (("assistance-by-provider", None),)),
    (
        "voices",
        _l("The national mechanism's status against the NHRI's and civil society's assessments"),
        (
            ("status-against-nhri", _l("Against the NHRI's assessment")),
            ("status-against-cso", _l("Against civil society's assessment")),
        ),
    ),
)


def _scope(states=None) -> tuple[Scope | None, bool]:
    return chosen_scope(db.session, request.args, published_only(current_user), states)


@bp.get("/dashboard")
@allow(PUBLIC)
def index():
    states = reviewed_states(db.session, published_only(current_user))
    scope, missing = _scope(states)
    if scope is None:
        return render_template("dashboard/index.html", scope=None, states=states)
    state = db.session.get(State, scope.state_id)
    cycles = sorted(
        {cycle for _state, state_cycles in states for cycle in state_cycles}, reverse=True
    )
    page = {"scope": scope, "state": state, "states": states, "cycles": cycles}
    if missing:  # never another State's charts in place of the ones asked for
        problem = _("No review matches this choice. Choose a State and one of its reviewed cycles.")
        return render_template("dashboard/index.html", problem=problem, **page)
    if not has_recommendations(db.session, scope):
        problem = _("No recommendation of this review matches this choice.")
        return render_template("dashboard/index.html", problem=problem, **page)
    args = {
        "state": state.iso3,
        "cycle": scope.cycle,
        "education": 1 if scope.education else 0,
        "lang": interface_language(),
    }
    tables = {
        name: figures(name, scope) for _key, _heading, items in PANELS for name, _sub in items
    }
    return render_template(
        "dashboard/index.html",
        panels=PANELS,
        charts=CHARTS,
        tables=tables,
        chart_args=args,
        **page,
    )


def figures(name: str, scope: Scope) -> Table:
    """One chart's figures for the scope, counted by aggregate SQL once per version of the data, language and day
    (the status over time runs to today): the page and its chart's image share them."""
    return FIGURES.at_version(
        db.session,
        (name, scope, interface_language(), date.today()),
        lambda: CHARTS[name].table(scope),
    )


def draw(item: Chart, scope: Scope, width: float, table: Table) -> bytes:
    """Draw one chart of the scope as SVG (seconds: the cache calls this once per state of the data)."""
    # matplotlib takes seconds to import: the first chart drawn imports it, not the app's start.
    from uprtrack.reporting import charts

    figure = item.draw(charts, table, width) if table.rows else charts.empty(str(item.empty), width)
    return charts.render(figure, "svg", description=str(item.alt))


@bp.get("/dashboard/charts/<name>.svg")
@allow(PUBLIC)
def chart(name: str):
    """Send one chart in the language the address names (else the reader's), for the scope it names."""
    if name not in CHARTS:
        abort(404)
    lang = request.args.get("lang")
    with force_locale(lang) if lang in LANGUAGES else nullcontext():
        scope, missing = _scope()
        if scope is None or missing:
            abort(404)
        # A laptop's panel, or a phone's width (?size=narrow) so that the chart's text is not shrunk.
        narrow = request.args.get("size") == "narrow"
        language = interface_language()
        key = (
            name,
            scope,
            language,
            "narrow" if narrow else "wide",
            "svg",
            data_version(db.session),
            date.today(),  # the status over time runs to today
        )
        tag = etag(key)
        if request.if_none_match.contains(tag):
            response = Response(status=304)
        else:
            from uprtrack.reporting import charts

            width = charts.NARROW if narrow else charts.WIDTH
            image = IMAGES.get_or_draw(
                key, lambda: draw(CHARTS[name], scope, width, figures(name, scope))
            )
            response = Response(image, mimetype="image/svg+xml")
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response
