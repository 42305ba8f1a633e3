"""The import form: a file, what kind of file it is, and the State when the file does not name it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, SubmitField

from uprtrack.imports.kinds import ImportKind

SUFFIXES = ("docx", "doc", "csv", "xls", "xlsx", "json", "jsonl")


class ImportForm(FlaskForm):
    file = FileField(
        _l("File to import"),
        validators=[
            FileRequired(_l("Choose the file to import.")),
            FileAllowed(
                SUFFIXES,
                _l(
                    "Choose a Word file (.docx or .doc), a CSV file (.csv), an Excel workbook "
                    "(.xls, .xlsx) or UHRI search results (.json, .jsonl)."
                ),
            ),
        ],
        render_kw={"accept": ",".join(f".{suffix}" for suffix in SUFFIXES)},
    )
    kind = SelectField(
        _l("Kind of file"),
        choices=[SelectChoice(*choice) for choice in ImportKind.choices()],
        default=ImportKind.AUTO.value,
    )
    state = SelectField(_l("State under review"), choices=[], default="")  # see offer_states
    force = BooleanField(_l("Import it for this State even if the file names another"))
    submit = SubmitField(_l("Upload and preview"))

    def offer_states(self, states: list[tuple[str, str]]) -> None:
        """Offer the States (ISO3 code, name) by name; the empty choice leaves the State to the file."""
        self.state.choices = [
            SelectChoice("", _l("As the file says")),
            *(SelectChoice(*s) for s in states),
        ]

    def state_name(self) -> str | None:
        """Return the name of the State chosen, or None when the file names it."""
        return next(
            (c.label for c in self.state.choices if c.value and c.value == self.state.data), None
        )
