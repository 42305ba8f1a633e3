"""The audit log's filters: a form read from the query string, and the conditions it sets on the entries in SQL.

A record is found by its number, or by words of its name: an e-mail, an organisation, a title, a pledge's text,
a file name, or a recommendation as "115.30" or "Slovenia, cycle 4, 115.30". Names are searched in subqueries
on the records' own tables, so the filter costs one query however many records match.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, false, or_, select
from sqlalchemy.sql import ColumnElement
from wtforms import Form, StringField
from wtforms.fields import DateField
from wtforms.validators import Length, Optional

from uprtrack.core.database import contains
from uprtrack.core.vocabulary import AuditAction, AuditObject
from uprtrack.follow_up.kinds import BY_NAME as FOLLOW_UP_KINDS
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
from uprtrack.web.choices import SelectField, select_choices

COMMAND_LINE = "cli"  # the person filter's value for entries written by a command


class AuditFilterForm(Form):
    """The filters of the audit log (no CSRF: filtering changes nothing)."""

    user = SelectField(_l("Person"))
    kind = SelectField(_l("Kind of record"))
    record = StringField(
        _l("Record"),
        validators=[Optional(), Length(max=200)],
        description=_l("Its number, or words of its name: an e-mail, a title, a file, 115.30"),
    )
    action = SelectField(_l("Action"))
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, formdata, people: list[tuple[int, str]]):
        super().__init__(formdata)
        people_choices = [(COMMAND_LINE, _l("The command line"))]
        people_choices += [(str(user_id), email) for user_id, email in people]
        self.user.choices = select_choices(people_choices, _l("Anyone"))
        self.kind.choices = select_choices(AuditObject.choices(), _l("Any kind"))
        actions = sorted(AuditAction.choices(), key=lambda pair: str(pair[1]))
        self.action.choices = select_choices(actions, _l("Any action"))

    def given(self) -> dict:
        """The filters given and valid; a wrong value is left out, with a note by its field."""
        self.validate()
        for f in self:
            if not (f.raw_data and f.raw_data[0]):
                f.errors = []  # a filter left out is "any", not a mistake
        return {f.name: f.data for f in self if f.data not in ("", None) and not f.errors}


def conditions(given: dict) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the filters given (as `AuditFilterForm.given` returns them)."""
    where: list[ColumnElement[bool]] = []
    person = given.get("user")
    if person == COMMAND_LINE:
        where.append(AuditEntry.user_id.is_(None))
    elif person:
        where.append(AuditEntry.user_id == int(person))
    if kind := given.get("kind"):
        where.append(AuditEntry.object_type == kind)
    if record := (given.get("record") or "").strip():
        where.append(record_condition(kind, record))
    if action := given.get("action"):
        where.append(AuditEntry.action == action)
    if since := given.get("since"):
        where.append(AuditEntry.at >= day_start(since))
    if until := given.get("until"):
        where.append(AuditEntry.at < day_start(until + timedelta(days=1)))
    return where


def day_start(day: date) -> datetime:
    """Midnight of the day in the zone the log shows its times in, as UTC (the time the entries keep).

    `localize`, not `tzinfo=`: a pytz zone given as tzinfo takes its first historical offset."""
    zone = get_timezone()
    midnight = datetime.combine(day, time.min)
    local = zone.localize(midnight) if hasattr(zone, "localize") else midnight.replace(tzinfo=zone)
    return local.astimezone(UTC)


def record_condition(kind: str | None, text: str) -> ColumnElement[bool]:
    """Entries about the record numbered `text`, or about records whose name holds it."""
    number = text.lstrip("#")
    if number.isdigit():
        return AuditEntry.object_id == number
    kinds = [kind] if kind else list(NAMED)
    found = [
        and_(AuditEntry.object_type == each, NAMED[each](text)) for each in kinds if each in NAMED
    ]
    return or_(*found) if found else false()


def _ids(query) -> ColumnElement[bool]:
    return AuditEntry.object_id.in_(query)


def _recommendations(text: str) -> ColumnElement[bool]:
    """ "115.30", or "Slovenia, cycle 4, 115.30" as the log names it."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    query = select(cast(Recommendation.id, String)).join(Review).join(State)
    query = query.where(Recommendation.paragraph == parts[-1].rstrip("."))
    if len(parts) > 1:
        query = query.where(or_(contains(State.name, parts[0]), State.iso3 == parts[0].upper()))
    for part in parts[1:-1]:
        digits = "".join(ch for ch in part if ch.isdigit())
        if digits:
            query = query.where(Review.cycle == int(digits))
    return _ids(query)


def _voices(model) -> callable:
    def by_organisation(text: str) -> ColumnElement[bool]:
        """A comment or an assessment, by the name of the organisation that wrote it."""
        query = select(cast(model.id, String)).join(Organisation)
        return _ids(
            query.where(
                or_(contains(Organisation.name, text), contains(Organisation.acronym, text))
            )
        )

    return by_organisation


def _follow_up(name: str) -> callable:
    kind = FOLLOW_UP_KINDS[name]
    return lambda text: _ids(
        select(cast(kind.model.id, String)).where(contains(kind.label_column, text))
    )


NAMED = {
    AuditObject.RECOMMENDATION: _recommendations,
    AuditObject.USER: lambda text: _ids(
        select(cast(User.id, String)).where(contains(User.email, text))
    ),
    AuditObject.ORGANISATION: lambda text: _ids(
        select(cast(Organisation.id, String)).where(
            or_(contains(Organisation.name, text), contains(Organisation.acronym, text))
        )
    ),
    **{name: _follow_up(name) for name in FOLLOW_UP_KINDS},
    AuditObject.COMMENT: _voices(Comment),
    AuditObject.ASSESSMENT: _voices(Assessment),
    # An import is named by its file, which the entry itself holds.
    AuditObject.FILE: lambda text: contains(AuditEntry.object_id, text),
}
