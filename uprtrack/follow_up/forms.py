"""Forms of pledges, technical assistance and evidence, and the form linking them to recommendations."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from babel.numbers import list_currencies
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
    ProviderKind,
    cycle_of_session,
)
from uprtrack.extensions import db
from uprtrack.follow_up import evidence_files
from uprtrack.follow_up.providers import provider_options
from uprtrack.models import Cycle, Fund, State, UprSession
from uprtrack.web.choices import SelectField, select_choices

CURRENCIES = frozenset(list_currencies())
MAX_AMOUNT = Decimal("99999999999999.99")  # what Numeric(16, 2) holds


def blank_or_int(value):
    """Coerce a select's value: "" stays "" (no choice), digits become a number, anything else stays as sent."""
    if value is None or value == "":
        return ""
    return int(value) if str(value).isdigit() else value


def none_if_blank(value):
    if isinstance(value, str):
        value = value.strip()
    return value or None


def cycle_options(blank) -> list:
    cycles = db.session.scalars(select(Cycle).order_by(Cycle.number))
    return [SelectChoice("", blank)] + [
        SelectChoice(
            c.number,
            _l(
                "Cycle %(number)d (%(start)d–%(end)d)",
                number=c.number,
                start=c.start_year,
                end=c.end_year,
            ),
        )
        for c in cycles
    ]


def parsed(_form, field) -> None:
    """Stop at the field's own message ("Not a valid integer value") when what was typed is not a number."""
    if field.process_errors:
        raise StopValidation()


def finite(form, field) -> None:
    parsed(form, field)
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_l("Write the amount as a number, e.g. 45000 or 18000.50."))


class RecordForm(FlaskForm):
    """What every edit form has: the State, the cycle, publication and the version the person saw."""

    state_id = SelectField(
        _l("State"),
        coerce=blank_or_int,
        validators=[InputRequired(message=_l("Choose the State."))],
    )
    version = HiddenField()

    def __init__(
        self,
        *args,
        state_ids: list[int] | None = None,
        publishes: bool = True,
        on_recommendation: bool = False,
        **kwargs,
    ):
        """Offer the States the person works for (all when None); only the NMRF sees "published"."""
        super().__init__(*args, **kwargs)
        query = select(State).order_by(State.name)
        if state_ids is not None:
            query = query.where(State.id.in_(state_ids))
        self.state_id.choices = [SelectChoice("", _l("Choose a State"))] + [
            SelectChoice(s.id, s.name) for s in db.session.scalars(query)
        ]
        self.cycle.choices = cycle_options(_l("No cycle"))
        if not publishes:
            del self.published
        if on_recommendation:  # the recommendation gives the State and the cycle
            del self.state_id, self.cycle, self.version

    def values(self) -> dict:
        """Return the columns the form sets, as the domain functions take them."""
        skip = {"version", "submit", "csrf_token", "file", "published"}
        data = {f.short_name: f.data for f in self if f.short_name not in skip}
        if "published" in self:
            data["published"] = bool(self.published.data)
        if "cycle" in data:
            data["cycle"] = data["cycle"] or None
        return data


class PledgeForm(RecordForm):
    text = TextAreaField(
        _l("Pledge or commitment"),
        validators=[DataRequired(message=_l("Write what the State pledged.")), Length(max=10000)],
    )
    made_on = DateField(_l("Date of the pledge"), validators=[Optional()])
    source = StringField(
        _l("Source"),
        filters=[none_if_blank],
        validators=[Length(max=255)],
        description=_l("Where the State made it: national report, Council candidacy, summit…"),
    )
    session = IntegerField(
        _l("UPR session"), validators=[Optional(), parsed, NumberRange(min=1, max=999)]
    )
    cycle = SelectField(_l("UPR cycle"), coerce=blank_or_int, validators=[Optional()])
    follow_up = TextAreaField(
        _l("Follow-up"),
        validators=[Length(max=10000)],
        description=_l("What has been done to keep the pledge."),
    )
    published = BooleanField(_l("Published: everyone can read it"))
    submit = SubmitField(_l("Save pledge"))

    def validate_session(self, field) -> None:
        if field.data and db.session.get(UprSession, field.data) is None:
            raise ValidationError(_l("There is no UPR session %(number)d.", number=field.data))

    def validate_cycle(self, field) -> None:
        if (
            field.data
            and self.session.data
            and not self.session.errors
            and cycle_of_session(self.session.data) != field.data
        ):
            raise ValidationError(
                _l(
                    "Session %(session)d belongs to cycle %(cycle)d.",
                    session=self.session.data,
                    cycle=cycle_of_session(self.session.data),
                )
            )

    def values(self) -> dict:
        data = super().values()
        if data.get("session") and not data.get("cycle"):
            data["cycle"] = cycle_of_session(data["session"])
        return data


class AssistanceForm(RecordForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Give the assistance a title.")), Length(max=255)],
    )
    direction = SelectField(
        _l("Requested or received"), choices=select_choices(AssistanceDirection.choices())
    )
    provider_id = SelectField(_l("Provider"), coerce=blank_or_int, validators=[Optional()])
    new_provider = StringField(
        _l("New provider"),
        filters=[none_if_blank],
        validators=[Length(max=255)],
        description=_l("Only when the provider is not in the list: its full name."),
    )
    new_provider_kind = SelectField(
        _l("Kind of the new provider"), choices=select_choices(ProviderKind.choices())
    )
    fund_id = SelectField(_l("UN fund"), coerce=blank_or_int, validators=[Optional()])
    kind = SelectField(
        _l("Kind of assistance"),
        filters=[none_if_blank],
        choices=select_choices(AssistanceKind.choices(), _l("Not given")),
    )
    amount = DecimalField(
        _l("Amount"),
        places=2,
        validators=[
            Optional(),
            finite,
            NumberRange(min=0, max=MAX_AMOUNT, message=_l("The amount must be 0 or more.")),
        ],
    )
    currency = StringField(
        _l("Currency"),
        filters=[lambda v: none_if_blank(v.upper() if v else v)],
        validators=[Length(max=3)],
        description=_l("Three-letter ISO 4217 code, e.g. USD, EUR, CHF."),
    )
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(_l("End"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=select_choices(AssistanceState.choices()))
    outcome = TextAreaField(_l("Outcome"), validators=[Length(max=10000)])
    cycle = SelectField(_l("UPR cycle"), coerce=blank_or_int, validators=[Optional()])
    published = BooleanField(_l("Published: everyone can read it"))
    submit = SubmitField(_l("Save technical assistance"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider_id.choices = select_choices(
            provider_options(db.session), _l("Not in the list, or none")
        )
        self.fund_id.choices = [SelectChoice("", _l("No UN fund"))] + [
            SelectChoice(f.id, f.name) for f in db.session.scalars(select(Fund).order_by(Fund.name))
        ]

    def values(self) -> dict:
        data = super().values()
        data["provider_id"] = data["provider_id"] or None
        data["fund_id"] = data["fund_id"] or None
        if data["amount"] is not None:
            data["amount"] = data["amount"].quantize(Decimal("0.01"))
        data["outcome"] = data["outcome"] or ""
        if not data["new_provider"]:
            del data["new_provider"], data["new_provider_kind"]
        return data

    def validate_new_provider(self, field) -> None:
        if field.data and self.provider_id.data:
            raise ValidationError(
                _l("Choose a provider from the list or write a new one, not both.")
            )

    def validate_currency(self, field) -> None:
        if field.data and field.data not in CURRENCIES:
            raise ValidationError(
                _l("Give the three-letter ISO 4217 code of the currency, e.g. USD, EUR, CHF.")
            )
        if self.amount.data is not None and not field.data:
            raise ValidationError(_l("Give the currency of the amount."))

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end cannot be before the start."))


def http_url(_form, field) -> None:
    parts = urlsplit(field.data or "")
    if field.data and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ValidationError(_l("Give a web address that starts with http:// or https://."))


def accepted_file(form, field) -> None:
    """Check the uploaded file's size, content and extension; keep what was found for the view."""
    form.checked_file = None
    if field.data:
        limit = int(current_app.config.get("UPLOAD_MAX_BYTES") or evidence_files.DEFAULT_MAX_BYTES)
        try:
            form.checked_file = evidence_files.check(field.data.stream, field.data.filename, limit)
        except evidence_files.UploadRefused as refusal:
            raise ValidationError(str(refusal)) from None


class EvidenceForm(RecordForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Give the evidence a title.")), Length(max=255)],
    )
    kind = SelectField(_l("Kind of evidence"), choices=select_choices(EvidenceKind.choices()))
    date = DateField(_l("Date"), validators=[Optional()])
    source = StringField(
        _l("Source"),
        filters=[none_if_blank],
        validators=[Length(max=255)],
        description=_l("Who issued it: official gazette, ministry, statistics office…"),
    )
    url = StringField(
        _l("Link"),
        filters=[none_if_blank],
        validators=[Length(max=2000), http_url],
        description=_l("A web address that starts with http:// or https://."),
    )
    file = FileField(
        _l("File"),
        validators=[accepted_file],
        render_kw={"accept": evidence_files.ACCEPT},
        description=_l("PDF, Word, Excel or an image (PNG, JPEG, GIF, WebP), up to 20 MB."),
    )
    verified_by = StringField(
        _l("Verified by"), filters=[none_if_blank], validators=[Length(max=255)]
    )
    cycle = SelectField(_l("UPR cycle"), coerce=blank_or_int, validators=[Optional()])
    published = BooleanField(_l("Published: everyone can read it"))
    submit = SubmitField(_l("Save evidence"))
    checked_file: evidence_files.CheckedFile | None = None

    def __init__(self, *args, on_recommendation: bool = False, **kwargs):
        super().__init__(*args, on_recommendation=on_recommendation, **kwargs)
        # Evidence attached to a recommendation is a link or a file; on its own it may be a record without either.
        self.needs_link_or_file = on_recommendation

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.needs_link_or_file and not self.url.data and not self.checked_file:
            self.url.errors.append(_l("Give a link or choose a file."))
            return False
        return valid


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LinkForm(FlaskForm):
    paragraphs = StringField(
        _l("Paragraph numbers"),
        validators=[Length(max=2000)],
        description=_l("One or several, e.g. 140.31; 140.215"),
    )
    cycle = SelectField(_l("Cycle of the paragraphs"), coerce=blank_or_int)
    recommendations = MultiCheckboxField(_l("Or choose recommendations on education"), coerce=int)
    submit = SubmitField(_l("Link recommendations"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle.choices = cycle_options(_l("Choose a cycle"))
        self.recommendations.choices = [SelectChoice(rec.id, rec) for rec in candidates]
        self.candidates = {rec.id: rec for rec in candidates}

    def validate_cycle(self, field) -> None:
        if self.paragraphs.data and self.paragraphs.data.strip() and not field.data:
            raise ValidationError(_l("Choose the cycle of these paragraphs."))
