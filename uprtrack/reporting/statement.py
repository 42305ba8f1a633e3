"""The draft statement to the item 10 debate: paragraphs built from the report's figures in the reader's language,
which the coordinator edits and saves (uprtrack/narratives, document "item10", one section "statement")."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack import narratives
from uprtrack.core.vocabulary import Status
from uprtrack.models import Review
from uprtrack.reporting.item10 import Item10Report, amounts_text, percent
from uprtrack.web.languages import state_name

DOCUMENT, SECTION = narratives.ITEM10, "statement"
WORDS_A_MINUTE = 130  # a measured pace for a statement read to the Council


def _list(names: list[str], most: int = 4) -> str:
    return "; ".join(names[:most])


def _leading(shares, most: int = 3):
    """The themes or targets with the highest share implemented (then the most supported): a statement names a few."""
    ranked = sorted(
        (item for item in shares if item[1].supported),
        key=lambda item: (-(item[1].percent or 0), -item[1].supported, item[0]),
    )
    return ranked[:most]


def _target(code: str) -> str:
    return (
        _("target %(code)s", code=code) if "." in code else _("SDG %(code)s as a whole", code=code)
    )


NARRATIVE_WORDS = 60  # words of a mid-term section's narrative the draft takes up


def opening(text: str, words: int = NARRATIVE_WORDS) -> str:
    """The first sentences of a narrative, about `words` words at most (one sentence at least)."""
    sentences = [s for s in re.split(r"(?<=[.!?。！？])\s+", " ".join(text.split())) if s]
    taken: list[str] = []
    for sentence in sentences:
        if taken and narratives.word_count(" ".join([*taken, sentence])) > words:
            break
        taken.append(sentence)
    return " ".join(taken)


# What a statement says of an implemented recommendation: with what was done, and without.
RESULT_WORDS = {
    Status.FULLY_IMPLEMENTED: (
        _l("Recommendation %(paragraph)s is fully implemented: %(done)s."),
        _l("Recommendation %(paragraph)s is fully implemented."),
    ),
    Status.PARTIALLY_IMPLEMENTED: (
        _l("Recommendation %(paragraph)s is partially implemented: %(done)s."),
        _l("Recommendation %(paragraph)s is partially implemented."),
    ),
}


def _result(paragraph: str, status: str, note: str) -> str:
    with_note, alone = RESULT_WORDS[status]
    return str(with_note if note else alone) % {"paragraph": paragraph, "done": note}


def _results(report: Item10Report) -> str:
    return " ".join(_result(*result) for result in report.statement.results)


def _pledges(pledges: int, kept: int) -> str:
    if pledges == 1:
        if kept:
            return _("We made one voluntary pledge; it has a recorded follow-up.")
        return _("We made one voluntary pledge; its follow-up is not yet recorded.")
    return ngettext(
        "We made %(pledges)s voluntary pledges; %(num)s has a recorded follow-up.",
        "We made %(pledges)s voluntary pledges; %(num)s have a recorded follow-up.",
        kept,
        pledges=pledges,
    )


def _cooperation(report: Item10Report) -> str:
    """Thanks for the assistance received, its funds and what it served; or that none was received."""
    s = report.statement
    providers = [label for label, _values in report.assistance_by_provider.rows]
    # the fund table's last row gathers what no UN fund paid for: not a fund to thank
    funds = [label for label, _values in report.assistance_by_fund.rows if label != _("No UN fund")]
    how = _(
        "Technical cooperation works best when it is asked for by the State, aligned with national priorities "
        "and linked to specific recommendations."
    )
    if not providers:
        return (
            _("We received no technical assistance for these recommendations in this cycle.")
            + " "
            + how
        )
    said = [
        _(
            "This progress owes much to technical cooperation. We thank %(providers)s for the assistance we "
            "received.",
            providers=_list(providers),
        )
    ]
    if funds:
        said.append(_("It was supported by %(funds)s.", funds=_list(funds)))
    if s.themes_served:
        said.append(_("It served our work on %(themes)s.", themes=_list(s.themes_served)))
    said.append(
        _("We value this partnership and the expertise it brought to our institutions.") + " " + how
    )
    return " ".join(said)


def _challenges(s) -> str:
    """What still stands in the way, and the assistance asked for with its amounts per currency."""
    said = [
        _(
            "Challenges remain. Some recommendations are still under way or not yet started, and resources are "
            "limited. Implementation takes time where laws must change, where data are missing or where the "
            "capacity of local institutions must first be built."
        )
    ]
    if s.needed_projects:
        asked = ngettext(
            "We have asked for assistance in %(num)s further project",
            "We have asked for assistance in %(num)s further projects",
            s.needed_projects,
        )
        if s.needed:
            asked = _(
                "%(asked)s, for which we estimate %(amounts)s.",
                asked=asked,
                amounts=amounts_text(s.needed),
            )
        else:
            asked += "."
        said.append(
            asked
            + " "
            + _(
                "We call on our partners to consider these requests, and we stand ready to work with the Office "
                "of the High Commissioner and the voluntary funds to meet them."
            )
        )
    return " ".join(said)


def draft(report: Item10Report, narrative: dict[str, str] | None = None) -> list[str]:
    """The statement's paragraphs: opening, achievements, good practices, assistance received, challenges and
    assistance needed, pledges, closing. `narrative` holds the mid-term report's saved narratives by section, whose
    opening sentences on progress and on challenges the draft takes up."""
    s, state = report.statement, state_name(report.state)
    narrative = narrative or {}
    cycle = report.cycle.number
    paragraphs = [
        _(
            "Mr. President, %(state)s welcomes this general debate on technical cooperation and capacity-building "
            "under item 10. In line with resolution 45/32, we wish to share what we have achieved in implementing "
            "the recommendations of our review in cycle %(cycle)s of the Universal Periodic Review, the "
            "challenges that remain, the assistance we received and the assistance we still need. The figures we "
            "quote come from our national tracking of every recommendation and of the evidence of its "
            "implementation. They were checked by the national mechanism for reporting and follow-up, which brings "
            "together the ministries, the national human rights institution and civil society, and they are "
            "published so that anyone can verify them.",
            state=state,
            cycle=cycle,
        )
    ]
    achievement = _(
        "Of the %(supported)s recommendations we supported, %(implemented)s, or %(share)s, are now fully or "
        "partially implemented. Each of these results is recorded with the action taken, the institution "
        "responsible and the date, and the evidence behind it can be consulted.",
        supported=s.overall.supported,
        implemented=s.overall.implemented,
        share=percent(s.overall),
    )
    if s.change is not None:
        achievement += " " + _(
            "In the previous cycle the same share was %(before)s: a change of %(points)s percentage points.",
            before=percent(s.previous),
            points=s.change,
        )
    themes = [f"{name} ({percent(x)})" for name, x in _leading(s.by_theme)]
    if themes:
        achievement += " " + _(
            "The themes where most was achieved are %(themes)s.", themes="; ".join(themes)
        )
    targets = [f"{_target(code)} ({percent(x)})" for code, x in _leading(s.by_sdg_target, most=5)]
    if targets:
        achievement += " " + _(
            "Against the targets of Sustainable Development Goal 4 on education: %(targets)s.",
            targets=", ".join(targets),
        )
    for part in (_results(report), opening(narrative.get("progress", ""))):
        if part:
            achievement += " " + part
    paragraphs.append(achievement)
    practices = [label for label, _values in report.good_practices.rows]
    paragraphs.append(
        ngettext(
            "We count %(num)s recommendation as a good practice: fully implemented, supported by validated "
            "evidence and confirmed by our national human rights institution (paragraph %(paragraphs)s). We are "
            "ready to share this experience with other States, and to explain what made it work: political "
            "will, a clear legal basis, a budget line and the participation of those concerned.",
            "We count %(num)s recommendations as good practices: fully implemented, supported by validated "
            "evidence and confirmed by our national human rights institution (paragraphs %(paragraphs)s). We are "
            "ready to share these experiences with other States, and to explain what made them work: political "
            "will, a clear legal basis, a budget line and the participation of those concerned.",
            len(practices),
            paragraphs=", ".join(practices),
        )
        if practices
        else _(
            "No recommendation yet meets all three conditions of a good practice: full implementation, validated "
            "evidence and the confirmation of our national human rights institution. Reaching them is our aim "
            "for the coming years."
        )
    )
    paragraphs.append(_cooperation(report))
    challenges = opening(narrative.get("challenges", ""))
    paragraphs.append(" ".join(part for part in (challenges, _challenges(s)) if part))
    if s.pledges:
        paragraphs.append(
            _pledges(s.pledges, s.pledges_kept)
            + " "
            + _(
                "We will report on the others at our next review, and we renew our commitment to keep them. Our "
                "pledges are part of the same tracking as the recommendations, so that each can be followed in the "
                "same way."
            )
        )
    paragraphs.append(
        _(
            "Mr. President, %(state)s remains committed to the Universal Periodic Review and to an open dialogue "
            "with the national human rights institution, civil society and our international partners. We will "
            "continue to publish our progress on every recommendation, so that anyone can follow it. Thank you.",
            state=state,
        )
    )
    return paragraphs


def review_of(session: Session, report: Item10Report) -> Review | None:
    return session.scalars(
        select(Review).where(
            Review.state_id == report.state.id, Review.cycle == report.cycle.number
        )
    ).first()


def current_text(session: Session, report: Item10Report) -> tuple[str, bool]:
    """The saved statement, or the draft when none was saved; and whether it is the saved one.

    The saved texts (this statement, the mid-term report's narratives) are the government's working texts, which
    may quote unpublished records: the public reads the draft built from published records only."""
    review = review_of(session, report)
    internal = review is not None and not report.scope.published_only
    saved = narratives.latest(session, review, DOCUMENT).get(SECTION) if internal else None
    if saved is not None:
        return saved.text, True
    midterm = (
        {key: n.text for key, n in narratives.latest(session, review, narratives.MIDTERM).items()}
        if internal
        else {}
    )
    return "\n\n".join(draft(report, midterm)), False


def spoken_minutes(text: str) -> float:
    """The minutes the text takes to read aloud at WORDS_A_MINUTE."""
    return narratives.word_count(text) / WORDS_A_MINUTE
