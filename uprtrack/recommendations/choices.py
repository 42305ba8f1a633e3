"""What the recommendations screens offer to choose from: the filter's values, institutions, records to link."""

from __future__ import annotations

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, union_all
from sqlalchemy.orm import Session

from uprtrack.core.data_version import Memo
from uprtrack.core.trigrams import THRESHOLD, similarity
from uprtrack.core.vocabulary import RESPONSIBLE_KINDS
from uprtrack.follow_up.kinds import BY_NAME, KINDS
from uprtrack.models import (
    UPR_CODE,
    Assignment,
    Cycle,
    GroupOfPersons,
    Mechanism,
    Organisation,
    Review,
    Sdg,
    State,
    StateName,
    Theme,
)
from uprtrack.models.recommendations import recommending_states
from uprtrack.recommendations.filters import ALL_MECHANISMS, SDG4_CODES, Filters
from uprtrack.recommendations.forms import FilterForm
from uprtrack.web.languages import interface_language, state_name

LABEL_LENGTH = 90
FILTER_CHOICES = Memo(32)  # a few data versions x the six languages


def filter_form(session: Session, filters: Filters) -> FilterForm:
    """The list's filter form showing the filters in effect, each select offering what exists."""
    form = FilterForm.showing(filters)
    for name, values in filter_choices(session).items():
        form[name].choices = [("", gettext("Any")), *values]
    form.mechanism.choices = mechanism_choices(session)
    return form


def mechanism_choices(session: Session) -> list[tuple[str, str]]:
    """The UPR first (the list's default), every mechanism with a review, then all of them together: kept as the
    filter's other values are."""
    return FILTER_CHOICES.at_version(
        session, ("mechanism", interface_language()), lambda: _mechanism_choices(session)
    )


def _mechanism_choices(session: Session) -> list[tuple[str, str]]:
    reviewed = select(Review.mechanism_id).distinct()
    others = session.scalars(
        select(Mechanism)
        .where(Mechanism.id.in_(reviewed), Mechanism.code != UPR_CODE)
        .order_by(Mechanism.kind, Mechanism.code)
    )
    return [
        (UPR_CODE, gettext("Universal Periodic Review (UPR)")),
        *((m.code, m.name if m.code == m.name else f"{m.name} ({m.code})") for m in others),
        (ALL_MECHANISMS, gettext("All mechanisms")),
    ]


def filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Return the values of each select of the filter, as (value, label), for what exists in the database: kept
    per version of the data and language, as they change only when a record, a link or a name does."""
    return FILTER_CHOICES.at_version(
        session, (interface_language(),), lambda: _filter_choices(session)
    )


def _filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """The filter's values, read from the database.

    "Has a review", "has recommended" and "is assigned" are EXISTS through the link's index, one probe per State
    or institution: a DISTINCT over the links reads every row of them, 600,000 at the scale of the whole index.
    """
    states_reviewed = exists().where(Review.state_id == State.id)
    recommending = exists().where(recommending_states.c.state_id == State.id)
    assigned = exists().where(Assignment.organisation_id == Organisation.id)
    return {
        "state": [
            (s.iso3, state_name(s))
            for s in session.scalars(select(State).where(states_reviewed).order_by(State.name))
        ],
        "cycle": [
            (
                str(c.number),
                _l(
                    "Cycle %(number)d (%(start)d–%(end)d)",
                    number=c.number,
                    start=c.start_year,
                    end=c.end_year,
                ),
            )
            for c in session.scalars(select(Cycle).order_by(Cycle.number))
        ],
        "session": [
            (str(n), str(n))
            for n in session.scalars(
                select(Review.session)
                .where(Review.session.is_not(None))
                .distinct()
                .order_by(Review.session)
            )
        ],
        "theme": [(str(t.id), t.name) for t in session.scalars(select(Theme).order_by(Theme.name))],
        "sdg": [
            (s.code, f"{s.code} {s.title}")
            for s in sorted(
                session.scalars(select(Sdg).where(Sdg.code.in_(SDG4_CODES))),
                key=lambda s: SDG4_CODES.index(s.code),
            )
        ],
        "group": [
            (str(g.id), g.name)
            for g in session.scalars(select(GroupOfPersons).order_by(GroupOfPersons.name))
        ],
        "institution": [
            (str(o.id), o.name)
            for o in session.scalars(
                select(Organisation).where(assigned).order_by(Organisation.name)
            )
        ],
        "recommending": [
            (s.iso3, state_name(s))
            for s in session.scalars(select(State).where(recommending).order_by(State.name))
        ],
    }


SUGGESTED = 3  # the most States offered for a search that found nothing


def similar_states(session: Session, term: str) -> list[State]:
    """The recommending States whose name is most like the search (a misspelling, another transliteration:
    "Slovnia", "Cote dIvoire"), best first: by pg_trgm's similarity, in SQL on both engines, over the names we keep
    and the spellings found in files, and over the names in the reader's language."""
    term = term.strip()
    if len(term) < 3:  # a word of one or two letters is like too many names
        return []
    names = union_all(
        select(State.id.label("state_id"), func.similarity(State.name, term).label("score")),
        select(StateName.state_id, func.similarity(StateName.name, term)),
    ).subquery()
    scores = dict(
        session.execute(
            select(names.c.state_id, func.max(names.c.score))
            .where(names.c.score >= THRESHOLD)
            .group_by(names.c.state_id)
        ).all()
    )
    locale = get_locale()
    if locale is not None and locale.language != "en":
        alike = {
            code: score
            for code, name in locale.territories.items()
            if (score := similarity(name, term)) >= THRESHOLD
        }
        for state_id, code in session.execute(
            select(State.id, State.iso2).where(State.iso2.in_(list(alike)))
        ):
            scores[state_id] = max(scores.get(state_id, 0.0), alike[code])
    recommending = exists().where(recommending_states.c.state_id == State.id)
    found = session.scalars(select(State).where(State.id.in_(list(scores)), recommending)).all()
    return sorted(found, key=lambda s: (-scores[s.id], state_name(s)))[:SUGGESTED]


def responsible_organisations(session: Session) -> list[Organisation]:
    """Return the government institutions a recommendation can be assigned to."""
    return session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(RESPONSIBLE_KINDS))
        .order_by(Organisation.name)
    ).all()


def link_targets(session: Session, state: str | None = None) -> list[tuple[str, str]]:
    """Return the pledge, assistance and evidence records as (value, label), by kind, then State, then name;
    only those of one State (ISO3) when the list shows one, so that the choice stays short at global scale."""
    found = []
    for kind in KINDS:  # a value starts with the kind's name
        model, label_column = kind.model, kind.label_column
        query = select(model.id, label_column, State).join(State, State.id == model.state_id)
        if state:
            query = query.where(State.iso3 == state)
        rows = session.execute(query.order_by(State.name, label_column, model.id))
        for record_id, label, owner in rows:
            short = (
                label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1].rstrip() + "…"
            )
            found.append(
                (
                    f"{kind.name}-{record_id}",
                    gettext(
                        "%(kind)s: %(title)s (%(state)s)",
                        kind=kind.choice_label,
                        title=short,
                        state=state_name(owner),
                    ),
                )
            )
    return found


def link_target(session: Session, value: str):
    """Return the record a value of `link_targets` names, or None."""
    name, _, record_id = (value or "").partition("-")
    if name not in BY_NAME or not record_id.isdigit():
        return None
    return session.get(BY_NAME[name].model, int(record_id))
