"""The figures of the item 10 report and the dashboard: counts and sums computed in SQL for one scope."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, case, distinct, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from uprtrack.follow_up import received_clause
from uprtrack.forms.follow_up import LABELS
from uprtrack.models import (
    Assessment, Evidence, Fund, Organisation, Pledge, Recommendation, Review, Sdg, State, TechnicalAssistance, Theme,
)
from uprtrack.models.follow_up import assistance_recommendations, evidence_recommendations, pledge_recommendations
from uprtrack.models.recommendations import recommendation_sdgs, recommendation_themes
from uprtrack.recommendation_filters import overdue_condition, paragraph_order
from uprtrack.status import STATUS_LABELS
from uprtrack.vocab import NOTED, STATUSES, SUPPORTED, SUPPORTED_IN_PART

TOTAL = "total"
EXCERPT = 160  # characters of a recommendation's text quoted in a table


@dataclass(frozen=True)
class Scope:
    """What a report covers: one State, one cycle, education only or not, and what the reader may see."""

    state_id: int
    cycle: int
    education: bool = True
    published_only: bool = True


@dataclass
class Table:
    """A table of figures, ready for a page, a spreadsheet or a chart; `keys` are the codes of the value columns."""

    caption: str
    header: list[str]  # the row-label column's header, then one per value column
    rows: list[tuple[str, list]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def reviewed_states(session: Session, published_only: bool) -> list[tuple[State, list[int]]]:
    """The States with recommendations the reader may see, each with its reviewed cycles, newest first."""
    query = (select(State, Review.cycle).join(Review, Review.state_id == State.id)
             .where(select(Recommendation.id).where(Recommendation.review_id == Review.id,
                                                    *_published(published_only)).exists())
             .order_by(State.name, Review.cycle.desc()))
    grouped: dict[int, tuple[State, list[int]]] = {}
    for state, cycle in session.execute(query):
        grouped.setdefault(state.id, (state, []))[1].append(cycle)
    return list(grouped.values())


def scope_from_args(session: Session, args: Mapping[str, str], published_only: bool) -> Scope | None:
    """Read the State (ISO3) and cycle from a query string; default to the first State and its latest cycle.

    Returns None when there is nothing the reader may see.
    """
    states = reviewed_states(session, published_only)
    if not states:
        return None
    wanted = (args.get("state") or "").strip().upper()
    state, cycles = next(((s, c) for s, c in states if s.iso3 == wanted), states[0])
    cycle = args.get("cycle", "")
    return Scope(state_id=state.id, cycle=int(cycle) if cycle.isdigit() and int(cycle) in cycles else cycles[0],
                 education=args.get("education") != "0", published_only=published_only)


def _published(published_only: bool) -> tuple:
    return (Recommendation.published.is_(True),) if published_only else ()


# ---- The scope's records, as SQL conditions -------------------------------------------------------------------

def _scope_conditions(scope: Scope) -> list:
    """Conditions on Recommendation joined to Review that keep the recommendations of the scope."""
    conditions = [Review.state_id == scope.state_id, Review.cycle == scope.cycle, *_published(scope.published_only)]
    if scope.education:
        conditions.append(Recommendation.education.is_(True))
    return conditions


def _scope_recommendation_ids(scope: Scope):
    """The ids of the scope's recommendations, as a subquery."""
    return select(Recommendation.id).join(Review, Recommendation.review_id == Review.id).where(
        *_scope_conditions(scope))


def _visible(model, published_only: bool) -> tuple:
    return (model.published.is_(True),) if published_only else ()


def _status_columns() -> tuple[list[str], list[str]]:
    """The keys and headers of the five status columns and the total."""
    return list(STATUSES) + [TOTAL], [str(STATUS_LABELS[s]) for s in STATUSES] + [_("Total")]


def _status_rows(counts: dict[str, dict[str, int]], order: list[str]) -> list[tuple[str, list]]:
    """Rows of status counts with their total, in the given order of row labels."""
    return [(label, [counts[label].get(s, 0) for s in STATUSES] + [sum(counts[label].values())]) for label in order]


# ---- Status of the recommendations ------------------------------------------------------------------------------

def status_by_theme(session: Session, scope: Scope) -> Table:
    """Count the scope's recommendations by theme and status; one with several themes counts under each."""
    no_theme = _("No theme")
    theme = func.coalesce(Theme.name, "")
    query = (select(theme, Recommendation.status, func.count(distinct(Recommendation.id)))
             .select_from(Recommendation).join(Review, Recommendation.review_id == Review.id)
             .outerjoin(recommendation_themes, recommendation_themes.c.recommendation_id == Recommendation.id)
             .outerjoin(Theme, Theme.id == recommendation_themes.c.theme_id)
             .where(*_scope_conditions(scope)).group_by(theme, Recommendation.status))
    counts: dict[str, dict[str, int]] = {}
    for name, status, count in session.execute(query):
        counts.setdefault(name or no_theme, {})[status] = count
    order = sorted((n for n in counts if n != no_theme), key=str.casefold) + ([no_theme] if no_theme in counts else [])
    keys, headers = _status_columns()
    return Table(caption=_("Status of the recommendations by theme"), header=[_("Theme"), *headers],
                 rows=_status_rows(counts, order), keys=keys)


def status_by_sdg_target(session: Session, scope: Scope) -> Table:
    """Count the scope's recommendations by SDG 4 target and status; one with several targets counts under each."""
    query = (select(Sdg.code, Sdg.title, Recommendation.status, func.count(distinct(Recommendation.id)))
             .select_from(Recommendation).join(Review, Recommendation.review_id == Review.id)
             .join(recommendation_sdgs, recommendation_sdgs.c.recommendation_id == Recommendation.id)
             .join(Sdg, Sdg.code == recommendation_sdgs.c.sdg_code)
             .where(Sdg.goal == 4, *_scope_conditions(scope))
             .group_by(Sdg.code, Sdg.title, Recommendation.status).order_by(Sdg.code))
    counts: dict[str, dict[str, int]] = {}
    for code, title, status, count in session.execute(query):
        counts.setdefault(f"{code} {title}", {})[status] = count
    keys, headers = _status_columns()
    return Table(caption=_("Status of the recommendations by SDG 4 target"), header=[_("SDG 4 target"), *headers],
                 rows=_status_rows(counts, list(counts)), keys=keys)


def progress_since_previous_cycle(session: Session, scope: Scope) -> tuple[Table, Table]:
    """Compare the status of the scope's recommendations with their earlier-cycle counterparts: a cross-table of
    status then by status now, and the list of the recommendations."""
    previous = aliased(Recommendation)
    base = (select(Recommendation).join(Review, Recommendation.review_id == Review.id)
            .join(previous, previous.id == Recommendation.previous_id)
            .where(*_scope_conditions(scope), *_visible(previous, scope.published_only)))
    counts: dict[str, dict[str, int]] = {}
    for before, now, count in session.execute(
            base.with_only_columns(previous.status, Recommendation.status, func.count(Recommendation.id))
            .group_by(previous.status, Recommendation.status)):
        counts.setdefault(before, {})[now] = count
    keys, headers = _status_columns()
    cross = Table(caption=_("Status now (columns) against status in the previous cycle (rows)"),
                  header=[_("Status in the previous cycle"), *headers],
                  rows=[(str(STATUS_LABELS[s]), [counts[s].get(n, 0) for n in STATUSES] + [sum(counts[s].values())])
                        for s in STATUSES if s in counts], keys=keys)
    listing = Table(caption=_("Recommendations with a counterpart in the previous cycle"),
                    header=[_("Paragraph"), _("Recommendation"), _("Status then"), _("Status now")],
                    keys=["text", "status_then", "status_now"])
    for paragraph, text, before, now in session.execute(
            base.with_only_columns(Recommendation.paragraph, Recommendation.text, previous.status,
                                   Recommendation.status).order_by(*paragraph_order(), Recommendation.id)):
        listing.rows.append((paragraph or "-", [excerpt(text), str(STATUS_LABELS[before]), str(STATUS_LABELS[now])]))
    return cross, listing


def excerpt(text: str, length: int = EXCERPT) -> str:
    """Shorten a text to about `length` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# ---- Technical assistance ---------------------------------------------------------------------------------------

def _assistance_in_scope(scope: Scope, received: bool):
    """The ids of the State's assistance, received or still needed, linked to the scope's recommendations or
    recorded for its cycle, that the reader may see."""
    linked = select(assistance_recommendations.c.assistance_id).where(
        assistance_recommendations.c.recommendation_id.in_(_scope_recommendation_ids(scope)))
    clause = received_clause()
    return select(TechnicalAssistance.id).where(
        TechnicalAssistance.state_id == scope.state_id, clause if received else not_(clause),
        or_(TechnicalAssistance.cycle == scope.cycle, TechnicalAssistance.id.in_(linked)),
        *_visible(TechnicalAssistance, scope.published_only))


def _assistance_table(session: Session, scope: Scope, group_key, target, group_column, caption: str,
                      label_header: str, unnamed: str) -> Table:
    """Received assistance grouped by one column: projects, amounts per currency (never added across currencies),
    and the number of the scope's recommendations it serves."""
    ids = _assistance_in_scope(scope, received=True)
    by_currency = session.execute(
        select(group_key, group_column, TechnicalAssistance.currency, func.count(TechnicalAssistance.id),
               func.sum(TechnicalAssistance.amount))
        .select_from(TechnicalAssistance).outerjoin(target, target.id == group_key)
        .where(TechnicalAssistance.id.in_(ids))
        .group_by(group_key, group_column, TechnicalAssistance.currency)).all()
    served = dict(session.execute(
        select(group_key, func.count(distinct(assistance_recommendations.c.recommendation_id)))
        .select_from(TechnicalAssistance)
        .join(assistance_recommendations, assistance_recommendations.c.assistance_id == TechnicalAssistance.id)
        .where(TechnicalAssistance.id.in_(ids),
               assistance_recommendations.c.recommendation_id.in_(_scope_recommendation_ids(scope)))
        .group_by(group_key)).all())
    currencies = sorted({(c or "").upper() for *_, c, _n, amount in by_currency if amount is not None})
    groups: dict[object, dict] = {}
    for key, name, currency, count, amount in by_currency:
        group = groups.setdefault(key, {"name": name or unnamed, "projects": 0, "amounts": {}})
        group["projects"] += count
        if amount is not None:
            code = (currency or "").upper()
            group["amounts"][code] = group["amounts"].get(code, Decimal(0)) + Decimal(amount)
    rows = [(g["name"], [g["projects"], *[g["amounts"].get(c) for c in currencies], served.get(key, 0)])
            for key, g in sorted(groups.items(), key=lambda item: (item[0] is None, item[1]["name"].casefold()))]
    amount_headers = [_("Amount (%(currency)s)", currency=c) if c else _("Amount (currency not given)")
                      for c in currencies]
    return Table(caption=caption,
                 header=[label_header, _("Projects"), *amount_headers, _("Recommendations served")],
                 rows=rows, keys=["projects", *[f"amount:{c}" for c in currencies], "recommendations"])


def assistance_by_provider(session: Session, scope: Scope) -> Table:
    """Sum the assistance the State received for the scope by provider."""
    return _assistance_table(session, scope, TechnicalAssistance.provider_id, Organisation,
                             func.coalesce(Organisation.acronym, Organisation.name),
                             _("Technical assistance received by provider"), _("Provider"),
                             _("Provider not recorded"))


def assistance_by_fund(session: Session, scope: Scope) -> Table:
    """Sum the assistance the State received for the scope by UN fund."""
    return _assistance_table(session, scope, TechnicalAssistance.fund_id, Fund,
                             func.coalesce(Fund.short_name, Fund.name),
                             _("Technical assistance received by fund"), _("Fund"), _("No UN fund"))


def assistance_still_needed(session: Session, scope: Scope) -> Table:
    """List the assistance the State asked for and has not received: kind, state, provider asked, what it serves."""
    ids = _assistance_in_scope(scope, received=False)
    records = session.execute(
        select(TechnicalAssistance.id, TechnicalAssistance.title, TechnicalAssistance.kind, TechnicalAssistance.status,
               func.coalesce(Organisation.acronym, Organisation.name))
        .outerjoin(Organisation, Organisation.id == TechnicalAssistance.provider_id)
        .where(TechnicalAssistance.id.in_(ids)).order_by(TechnicalAssistance.title, TechnicalAssistance.id)).all()
    serves = _paragraphs_by(session, scope, assistance_recommendations.c.assistance_id,
                            assistance_recommendations.c.recommendation_id, [r[0] for r in records])
    rows = [(title, [str(LABELS["assistance_kind"][kind]) if kind else "", str(LABELS["status"][status]),
                     provider or "", ", ".join(p for p, _s in serves.get(record_id, []))])
            for record_id, title, kind, status, provider in records]
    return Table(caption=_("Technical assistance still needed"),
                 header=[_("Assistance"), _("Kind"), _("State of the request"), _("Provider asked"),
                         _("Recommendations it would serve")],
                 rows=rows, keys=["kind", "status", "provider", "recommendations"])


def _paragraphs_by(session: Session, scope: Scope, owner_column, recommendation_column,
                   owner_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The scope's recommendations linked to each record, as (paragraph, status) in paragraph order."""
    if not owner_ids:
        return {}
    query = (select(owner_column, Recommendation.paragraph, Recommendation.status)
             .join(Recommendation, Recommendation.id == recommendation_column)
             .join(Review, Recommendation.review_id == Review.id)
             .where(owner_column.in_(owner_ids), *_scope_conditions(scope))
             .order_by(owner_column, *paragraph_order()))
    linked: dict[int, list[tuple[str, str]]] = {}
    for owner, paragraph, status in session.execute(query):
        linked.setdefault(owner, []).append((paragraph or "-", status))
    return linked


# ---- Pledges ----------------------------------------------------------------------------------------------------

def pledges_follow_up(session: Session, scope: Scope) -> Table:
    """List the State's pledges of the cycle or linked to its recommendations, with their follow-up and the status
    of the recommendations they answer."""
    linked = select(pledge_recommendations.c.pledge_id).where(
        pledge_recommendations.c.recommendation_id.in_(_scope_recommendation_ids(scope)))
    pledges = session.execute(
        select(Pledge.id, Pledge.text, Pledge.follow_up).where(
            Pledge.state_id == scope.state_id, or_(Pledge.cycle == scope.cycle, Pledge.id.in_(linked)),
            *_visible(Pledge, scope.published_only))
        .order_by(Pledge.made_on.is_(None), Pledge.made_on, Pledge.id)).all()
    statuses = _paragraphs_by(session, scope, pledge_recommendations.c.pledge_id,
                              pledge_recommendations.c.recommendation_id, [p[0] for p in pledges])
    rows = [(text, [follow_up or "", "; ".join(f"{p}: {STATUS_LABELS[s]}" for p, s in statuses.get(pid, []))])
            for pid, text, follow_up in pledges]
    return Table(caption=_("Voluntary pledges and commitments"),
                 header=[_("Pledge"), _("Follow-up"), _("Status of the linked recommendations")],
                 rows=rows, keys=["follow_up", "recommendations"])


# ---- Good practices and the headline -----------------------------------------------------------------------------

# An NHRI rating that agrees with the government's status: an independent confirmation of the achievement.
AGREEING_RATINGS = {"fully_implemented": ("fully_implemented",),
                    "partially_implemented": ("some_progress", "substantial_progress")}
NHRI_WEIGHT = 2  # an agreeing NHRI assessment counts as much as two pieces of evidence


def good_practices(session: Session, scope: Scope, limit: int = 5) -> Table:
    """Rank the fully or partially implemented recommendations by the strength of their evidence.

    The score is the number of evidence records linked to the recommendation that the reader may see, plus
    NHRI_WEIGHT when an NHRI's assessment agrees with the government's status (its rating says fully implemented for
    a fully implemented recommendation, some or substantial progress for a partially implemented one): evidence shows
    what was done, the NHRI's independent word confirms it. Recommendations with a score of 0 are left out; ties go to
    full implementation, then paragraph order.
    """
    evidence_count = (select(func.count(Evidence.id))
                      .join(evidence_recommendations, evidence_recommendations.c.evidence_id == Evidence.id)
                      .where(evidence_recommendations.c.recommendation_id == Recommendation.id,
                             *_visible(Evidence, scope.published_only))
                      .correlate(Recommendation).scalar_subquery())
    moderation = ("published",) if scope.published_only else ("published", "pending")
    agrees = or_(*(and_(Recommendation.status == status, Assessment.rating.in_(ratings))
                   for status, ratings in AGREEING_RATINGS.items()))
    nhri_agrees = (select(Assessment.id).join(Organisation, Organisation.id == Assessment.organisation_id)
                   .where(Assessment.recommendation_id == Recommendation.id, Organisation.kind == "nhri",
                          Assessment.moderation.in_(moderation), agrees)
                   .correlate(Recommendation).exists())
    score = evidence_count + case((nhri_agrees, NHRI_WEIGHT), else_=0)
    query = (select(Recommendation.paragraph, Recommendation.text, Recommendation.status, evidence_count,
                    nhri_agrees, score)
             .join(Review, Recommendation.review_id == Review.id)
             .where(*_scope_conditions(scope), Recommendation.status.in_(tuple(AGREEING_RATINGS)), score > 0)
             .order_by(score.desc(), (Recommendation.status == "fully_implemented").desc(), *paragraph_order(),
                       Recommendation.id)
             .limit(limit))
    rows = [(paragraph or "-", [excerpt(text), str(STATUS_LABELS[status]), evidence, _("Yes") if agreed else _("No"),
                                points])
            for paragraph, text, status, evidence, agreed, points in session.execute(query)]
    return Table(caption=_("Good practices: the implemented recommendations with the strongest evidence"),
                 header=[_("Paragraph"), _("Recommendation"), _("Status"), _("Evidence records"),
                         _("NHRI assessment agrees"), _("Score")],
                 rows=rows, keys=["text", "status", "evidence", "nhri_agrees", "score"])


@dataclass
class Headline:
    """The key figures of the scope's recommendations."""

    recommendations: int = 0
    supported: int = 0
    supported_in_part: int = 0
    noted: int = 0
    fully_implemented: int = 0
    partially_implemented: int = 0
    with_assistance: int = 0
    overdue: int = 0

    def table(self) -> Table:
        """The key figures as a two-column table, for the exports."""
        labels = {"recommendations": _("Recommendations"), "supported": _("Supported"),
                  "supported_in_part": _("Supported in part"), "noted": _("Noted"),
                  "fully_implemented": _("Fully implemented"), "partially_implemented": _("Partially implemented"),
                  "with_assistance": _("With technical assistance received"),
                  "overdue": _("Overdue (past the due date, not fully implemented)")}
        return Table(caption=_("Key figures"), header=[_("Figure"), _("Number")],
                     rows=[(labels[name], [getattr(self, name)]) for name in labels], keys=["value"])


def headline(session: Session, scope: Scope, today: date | None = None) -> Headline:
    """Count the scope's recommendations: supported and noted, implemented, with assistance received, overdue."""
    received = (select(assistance_recommendations.c.recommendation_id)
                .join(TechnicalAssistance, TechnicalAssistance.id == assistance_recommendations.c.assistance_id)
                .where(received_clause(), *_visible(TechnicalAssistance, scope.published_only)))

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(
        select(func.count(Recommendation.id), counted(Recommendation.position == SUPPORTED),
               counted(Recommendation.position == SUPPORTED_IN_PART), counted(Recommendation.position == NOTED),
               counted(Recommendation.status == "fully_implemented"),
               counted(Recommendation.status == "partially_implemented"),
               counted(Recommendation.id.in_(received)), counted(overdue_condition(today or date.today())))
        .join(Review, Recommendation.review_id == Review.id).where(*_scope_conditions(scope))).one()
    return Headline(*(int(n) for n in row))
