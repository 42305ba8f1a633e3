"""Name the records that audit entries speak of, in words, with a link where the record has a page.

The records of a batch of entries are read with one query per kind of record, never one per entry; the
records an entry's detail refers to (the recommendation a comment is on, an organisation, a State) are read
in the same queries. A record since removed is still named from what its entries hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from uprtrack.core.vocabulary import AuditObject
from uprtrack.follow_up.kinds import BY_NAME as FOLLOW_UP_KINDS
from uprtrack.follow_up.kinds import shortened
from uprtrack.models import (
    Assessment,
    AuditEntry,
    Comment,
    Organisation,
    Recommendation,
    Review,
    State,
    User,
)
from uprtrack.web.languages import recommendation_name, state_name

# Detail keys that hold the id of another record, and the kind of that record.
REFERENCES = {
    "recommendation": AuditObject.RECOMMENDATION,
    "organisation": AuditObject.ORGANISATION,  # an id in comments and assessments, a name elsewhere
    "organisation_id": AuditObject.ORGANISATION,
}
# What an entry's detail may hold that names its own record, when the record is gone.
NAMING_KEYS = ("email", "name", "title", "file_name", "paragraph")


@dataclass(frozen=True)
class Named:
    text: str
    url: str | None = None
    removed: bool = False


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


class Names:
    """The names of the records a batch of entries speaks of."""

    def __init__(self, session: Session, entries: Iterable[AuditEntry]):
        entries = list(entries)
        wanted: dict[str, set[int]] = defaultdict(set)
        states: set[object] = set()
        for entry in entries:
            number = _number(entry.object_id)
            if number is not None:
                wanted[entry.object_type].add(number)
            detail = entry.detail or {}
            for key, kind in REFERENCES.items():
                if (number := _number(detail.get(key))) is not None:
                    wanted[kind].add(number)
            state = detail.get("state")
            states.update(state if isinstance(state, list) else [state])
        self.found: dict[str, dict[int, Named]] = {}
        # Comments and assessments first: the recommendations they are on join the recommendations' query.
        voices = {
            kind: _voice_rows(session, model, wanted[kind])
            for kind, model in (
                (AuditObject.COMMENT, Comment),
                (AuditObject.ASSESSMENT, Assessment),
            )
            if wanted.get(kind)
        }
        for rows in voices.values():
            wanted[AuditObject.RECOMMENDATION].update(row.recommendation_id for row in rows)
        for kind, load in (
            (AuditObject.RECOMMENDATION, _recommendations),
            (AuditObject.USER, _users),
            (AuditObject.ORGANISATION, _organisations),
            *((name, _follow_up(name)) for name in FOLLOW_UP_KINDS),
        ):
            if wanted.get(kind):
                self.found[kind] = load(session, wanted[kind])
        recs = self.found.get(AuditObject.RECOMMENDATION, {})
        for kind, rows in voices.items():
            self.found[kind] = {row.id: _voice_name(kind, row, recs) for row in rows}
        self.states = _states(session, {s for s in states if s not in (None, "")})

    def ref(self, kind: str, value: object) -> Named | None:
        """The record another record's entry refers to by its id, when it is still there."""
        number = _number(value)
        return None if number is None else self.found.get(kind, {}).get(number)

    def state(self, value: object) -> str:
        """A State's name in the reader's language, from its id or its ISO code."""
        state = self.states.get(value)
        return state_name(state) if state is not None else str(value or "")

    def of(self, entry: AuditEntry) -> Named:
        """The record the entry is about."""
        kind, detail = entry.object_type, entry.detail or {}
        if entry.object_id is None:
            if kind == AuditObject.DATABASE:
                return Named(_("The database"))
            return Named(_("All records"))
        if kind == AuditObject.FILE:
            return Named(str(detail.get("file_name") or entry.object_id))
        found = self.ref(kind, entry.object_id)
        if found is not None:
            return found
        for key in NAMING_KEYS:
            value = detail.get(key)
            if isinstance(value, list):  # an edit's [before, after]
                value = value[-1]
            if value:
                return Named(shortened(value, 120), removed=True)
        label = AuditObject.label_of(kind)
        return Named(f"{label} #{entry.object_id}", removed=True)


def _voice_rows(session: Session, model, ids: set[int]) -> list:
    return session.execute(
        select(model.id, model.recommendation_id, model.organisation_id, Organisation.name)
        .join(Organisation)
        .where(model.id.in_(ids))
    ).all()


def _voice_name(kind: str, row, recs: dict[int, Named]) -> Named:
    """ "Comment of the Ombudsman on Slovenia, cycle 4, 115.30", linked to the recommendation's page."""
    rec = recs.get(row.recommendation_id)
    words = {"organisation": row.name, "recommendation": rec.text if rec else ""}
    if kind == AuditObject.COMMENT:
        text, anchor = (
            _("Comment of %(organisation)s on %(recommendation)s", **words),
            "comments-heading",
        )
    else:
        text = _("Assessment of %(organisation)s on %(recommendation)s", **words)
        anchor = f"voice-org-{row.organisation_id}"
    url = url_for("recommendations.show", rec_id=row.recommendation_id, _anchor=anchor)
    return Named(text, url if rec else None)


def _recommendations(session: Session, ids: set[int]) -> dict[int, Named]:
    recs = session.scalars(
        select(Recommendation)
        .where(Recommendation.id.in_(ids))
        .options(
            joinedload(Recommendation.review).joinedload(Review.state),
            joinedload(Recommendation.review).joinedload(Review.mechanism),
        )
    ).unique()
    return {
        rec.id: Named(recommendation_name(rec), url_for("recommendations.show", rec_id=rec.id))
        for rec in recs
    }


def _users(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(User.id, User.email).where(User.id.in_(ids)))
    return {i: Named(email, url_for("admin.edit_user", user_id=i)) for i, email in rows}


def _organisations(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return {i: Named(name, url_for("admin.edit_organisation", org_id=i)) for i, name in rows}


def _follow_up(name: str):
    kind = FOLLOW_UP_KINDS[name]

    def load(session: Session, ids: set[int]) -> dict[int, Named]:
        rows = session.execute(
            select(kind.model.id, kind.label_column).where(kind.model.id.in_(ids))
        )
        return {
            i: Named(shortened(label, 120), url_for(f"follow_up.show_{name}", **{kind.arg: i}))
            for i, label in rows
        }

    return load


def _states(session: Session, values: set[object]) -> dict[object, State]:
    """The States an entry's detail names, by id (a record's State) or ISO code (an organisation's)."""
    if not values:
        return {}
    ids = {n for v in values if (n := _number(v)) is not None}
    codes = {v for v in values if isinstance(v, str) and not v.isdigit()}
    found = session.scalars(select(State).where(or_(State.id.in_(ids), State.iso3.in_(codes))))
    by_value: dict[object, State] = {}
    for state in found:
        by_value[state.id] = by_value[str(state.id)] = by_value[state.iso3] = state
    return by_value
