"""What both forms of the Universal Human Rights Index (UHRI) share: one row or one rejection per record.

A record concerns one State, or it is refused, not split: uprtrack files a recommendation under one State under
review, and which of several States a person meant only the person can say. A second record with an annotation id
already read is refused, so that one recommendation is never read twice.
"""

from __future__ import annotations

import datetime as dt
import re

from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import Parsed, Rejection
from uprtrack.imports.state_groups import trailing_groups
from uprtrack.models import name_key

UPR = "UPR"
# A UPR paragraph at the start of a text: "140.31 Continue ...", "115.3. Ratify ...".
_PARAGRAPH = re.compile(r"^\s*(\d+\.\d+)\.?(?:\s+|$)")
# A UPR session as an export or a mapping names it: "UPR 20", "20", "20th session".
_SESSION = re.compile(r"^(?:UPR\s*)?(\d{1,3})(?:\s*(?:st|nd|rd|th))?(?:\s*session)?$", re.I)


class Refused(Exception):
    """A record that cannot become a row; the message is the reason a person reads."""


def collect(records, build, state: str | None, filename: str | None, layout: str) -> Parsed:
    """Build a row or a rejection of every record; a second record with an annotation id already read is refused."""
    parsed = Parsed(kind=ImportKind.UHRI, layout=layout)
    seen: dict[str, int] = {}
    for number, record in records:
        try:
            row = build(number, record, state)
        except Refused as refused:
            parsed.rejected.append(Rejection(number, str(refused)))
            continue
        if row.reference and seen.setdefault(row.reference, number) != number:
            reason = f"Annotation {row.reference} is the same record as row {seen[row.reference]}."
            parsed.rejected.append(Rejection(number, reason))
            continue
        row.source_file = filename
        parsed.rows.append(row)
    # The State the file itself names: rows placed by the State chosen say nothing about the file.
    states = {name_key(r.state): r.state for r in parsed.rows if r.state != state}
    parsed.named_state = next(iter(states.values())) if len(states) == 1 else None
    return parsed


def place(countries: list[str], state: str | None, label: str) -> str:
    """Return the one State a record concerns (or the State chosen, when it names none)."""
    if len(countries) == 1:
        return countries[0]
    if not countries:
        if state:
            return state
        raise Refused(f"No country concerned ({label} is empty): choose the State when you import.")
    raise Refused(
        f"It concerns {len(countries)} States ({'; '.join(countries)}), and uprtrack files each "
        "recommendation under one State under review: add it by hand under the State it is meant for."
    )


def split_paragraph(text: str) -> tuple[str | None, str]:
    """Split "140.31 Continue ... (China);" into ("140.31", "Continue ..."); (None, text) without a paragraph.

    The trailing "(State)" groups go too, by the OHCHR matrix's own rule, so that UHRI's text of a recommendation
    and the matrix's are the same text.
    """
    match = _PARAGRAPH.match(text)
    if not match or not text[match.end() :].strip():
        return None, text
    return match.group(1), trailing_groups(text[match.end() :])[0] or text[match.end() :].strip()


def split_paragraphs(texts: dict[str, str], language: str) -> tuple[str | None, dict[str, str]]:
    """Take the main text's paragraph, and split it off every language whose text starts with the same one."""
    paragraph, _ = split_paragraph(texts[language])
    if paragraph is None:
        return None, texts
    kept = {}
    for lang, text in texts.items():
        found, rest = split_paragraph(text)
        kept[lang] = rest if found == paragraph else text
    return paragraph, kept


def iso_date(value, label: str) -> str | None:
    """Return the ISO date of "2021-02-08" or "2021-02-08T00:00:00[Z]"; None when there is none."""
    text = str(value or "").strip()
    if not text:
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$", text)
    try:
        if match:
            return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        pass
    raise Refused(f"{label} '{text}' is not a date.")


def session_number(value: str) -> int | None:
    """Return the session number of "UPR 20", "20" or "20th session", or None when it says none."""
    match = _SESSION.match(value.strip())
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None
