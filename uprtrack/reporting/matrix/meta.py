"""Name a matrix export: its title and its selection in words, for the file's header and properties."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import Position, Status
from uprtrack.models import UPR_CODE, GroupOfPersons, Mechanism, Organisation, State, Theme
from uprtrack.recommendations.filters import ALL_MECHANISMS, Filters
from uprtrack.reporting.matrix.columns import MatrixMeta
from uprtrack.web.languages import state_name


def _name(session: Session, model, **key) -> str:
    found = session.scalars(select(model).filter_by(**key).limit(1)).first()
    if found is None:
        return "?"
    return state_name(found) if model is State else found.name


def selection_words(session: Session, filters: Filters) -> str:
    """The conditions of the filter other than State and cycle, in the reader's language."""
    f = filters
    words = [_("Right to education only") if f.education else _("All themes")]
    if f.mechanism == ALL_MECHANISMS:
        words.append(_("All mechanisms"))
    elif f.mechanism != UPR_CODE:
        words.append(_("Mechanism: %(value)s", value=_name(session, Mechanism, code=f.mechanism)))
    if f.session:
        words.append(_("Session %(number)d", number=f.session))
    if f.position:
        words.append(_("Position: %(value)s", value=Position.label_of(f.position)))
    if f.status:
        words.append(_("Status: %(value)s", value=Status.label_of(f.status)))
    if f.theme:
        words.append(_("Theme: %(value)s", value=_name(session, Theme, id=f.theme)))
    if f.sdg:
        words.append(_("SDG target: %(value)s", value=f.sdg))
    if f.group:
        words.append(
            _("Group of persons: %(value)s", value=_name(session, GroupOfPersons, id=f.group))
        )
    if f.institution:
        words.append(
            _(
                "Responsible institution: %(value)s",
                value=_name(session, Organisation, id=f.institution),
            )
        )
    if f.recommending:
        words.append(
            _("Recommending State: %(value)s", value=_name(session, State, iso3=f.recommending))
        )
    if f.overdue:
        words.append(_("Overdue only"))
    if f.q:
        words.append(_("Search: %(value)s", value=f.q))
    return "; ".join(words)


def matrix_meta(session: Session, filters: Filters, *, public: bool) -> MatrixMeta:
    state = _name(session, State, iso3=filters.state) if filters.state else _("All States")
    cycles = _("Cycle %(number)d", number=filters.cycle) if filters.cycle else _("All cycles")
    title = _("UPR progress matrix: %(state)s, %(cycles)s", state=state, cycles=cycles)
    return MatrixMeta(
        title=title,
        state=state,
        cycles=cycles,
        selection=selection_words(session, filters),
        created=datetime.now(UTC),
        public=public,
        rows=0,
        language=str(get_locale()),
    )
