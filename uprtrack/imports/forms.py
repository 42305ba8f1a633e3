"""The import form: a file, what kind of file it is, and the State when the file does not name it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SubmitField

from uprtrack.imports.kinds import ImportKind
from uprtrack.web.choices import SelectField

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
    cycle = SelectField(_l("Cycle"), choices=[], default="")  # see offer_reviews
    session = SelectField(_l("Working Group session"), choices=[], default="")
    submit = SubmitField(_l("Upload and preview"))

    def offer_states(self, states: list[tuple[str, str]]) -> None:
        """Offer the States (ISO3 code, name) by name; the empty choice leaves the State to the file."""
        self.state.choices = [
            SelectChoice("", _l("As the file says")),
            *(SelectChoice(*s) for s in states),
        ]

    def offer_reviews(self, cycles: list[tuple[int, int, int]], sessions: list[int]) -> None:
        """Offer the cycles (number, first year, last year) and sessions; empty leaves them to the file."""
        self.cycle.choices = [
            SelectChoice("", _l("As the file says")),
            *(
                SelectChoice(str(n), _l("Cycle %(n)d (%(start)d-%(end)d)", n=n, start=a, end=b))
                for n, a, b in cycles
            ),
        ]
        self.session.choices = [
            SelectChoice("", _l("As the file says")),
            *(SelectChoice(str(n), _l("Session %(n)d", n=n)) for n in sessions),
        ]

    def review(self) -> dict[str, int]:
        """The cycle and session chosen, as numbers, for the parser to use over the file's header."""
        return {
            name: int(value)
            for name, value in (("cycle", self.cycle.data), ("session", self.session.data))
            if value
        }

    def state_name(self) -> str | None:
        """Return the name of the State chosen, or None when the file names it."""
        return next(
            (c.label for c in self.state.choices if c.value and c.value == self.state.data), None
        )
