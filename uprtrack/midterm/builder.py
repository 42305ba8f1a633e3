"""The mid-term report as a Document: each section's generated text from its data, then the coordinator's
narrative; the annex holds the progress matrix. The page, the DOCX and the PDF all show these blocks."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from uprtrack.core.vocabulary import OrganisationKind, Position, Rating, Status
from uprtrack.midterm.sections import NARRATED, SECTIONS, Facts, amounts
from uprtrack.models import Narrative
from uprtrack.narratives import word_count
from uprtrack.reporting.amounts import money
from uprtrack.reporting.documents import Block, Document, Heading, Paragraph, Quote, Row, Table
from uprtrack.reporting.figures.status import excerpt
from uprtrack.reporting.matrix.cells import assistance_text, evidence_text, pledge_text
from uprtrack.web.languages import state_name


def _dates(review) -> str:
    """When the review took place and its outcome was adopted, as far as the records say: " (review of …)"."""
    said = []
    if review.review_date:
        said.append(_("review of %(day)s", day=format_date(review.review_date)))
    if review.adoption_date:
        said.append(_("adopted %(day)s", day=format_date(review.adoption_date)))
    return f" ({', '.join(said)})" if said else ""


def introduction(facts: Facts) -> list[Block]:
    review, p = facts.review, facts.positions
    return [
        Paragraph(
            _(
                "This report gives an account, at mid-term, of the implementation of the recommendations "
                "%(state)s received in UPR cycle %(cycle)s: the Working Group's report %(symbol)s%(dates)s.",
                state=state_name(review.state),
                cycle=review.cycle,
                symbol=review.report_symbol or _("without a symbol"),
                dates=_dates(review),
            ),
            numbered=True,
        ),
        Paragraph(
            _(
                "Recommendations: %(total)d; supported: %(supported)d; supported in part: %(in_part)d; "
                "noted: %(noted)d.",
                total=len(facts.cited),
                supported=p.get(Position.SUPPORTED, 0),
                in_part=p.get(Position.SUPPORTED_IN_PART, 0),
                noted=p.get(Position.NOTED, 0),
            ),
            numbered=True,
        ),
    ]


def methodology(facts: Facts) -> list[Block]:
    nhri, cso = facts.organisations(nhri=True), facts.organisations(nhri=False)
    commented = sum(1 for a in facts.assessments if a.text)
    return [
        Paragraph(
            _(
                "The national human rights institution (%(nhri)s) and civil society organisations (%(cso)s) "
                "assessed the implementation: %(count)d latest published assessments, %(commented)d of them "
                "with comments.",
                nhri=", ".join(nhri) or _("none"),
                cso=", ".join(cso) or _("none"),
                count=len(facts.assessments),
                commented=commented,
            ),
            numbered=True,
        )
    ]


def _voice(kind: str) -> str:
    return _("the NHRI") if kind == OrganisationKind.NHRI else _("civil society")


CITED = 90  # characters of a recommendation's text quoted where it is cited


def progress(facts: Facts) -> list[Block]:
    blocks: list[Block] = []
    for cluster, items in facts.clusters:
        blocks.append(Heading(cluster, level=2))
        for item in items:
            rec = item.rec
            # The report cites each recommendation by its paragraph and opening words (its whole text is in the
            # annex), so that the words go to what was done: the national report's limit is 10,700 words.
            opening = excerpt(rec.text, CITED)
            opening = opening if opening.endswith("…") else opening.rstrip(" .") + "."
            text = _("%(citation)s: %(text)s", citation=item.citation, text=opening)
            status = Status.label_of(rec.status)
            if rec.status_date:
                text += " " + _(
                    "Status: %(status)s (%(date)s).",
                    status=status,
                    date=format_date(rec.status_date),
                )
            else:
                text += " " + _("Status: %(status)s.", status=status)
            if item.justification:
                text += " " + _("Justification: %(note)s", note=item.justification)
            if item.evidence:
                text += " " + _(
                    "Key evidence: %(list)s.",
                    list="; ".join(evidence_text(e, None) for e in item.evidence),
                )
            blocks.append(Paragraph(text, numbered=True))
            for voice in item.differing:
                blocks.append(
                    Quote(
                        voice.text or Rating.label_of(voice.rating),
                        _(
                            "%(name)s (%(voice)s), %(rating)s, %(date)s",
                            name=voice.organisation.name,
                            voice=_voice(voice.organisation.kind),
                            rating=Rating.label_of(voice.rating),
                            date=format_date(voice.assessed_on),
                        ),
                    )
                )
    return blocks or [Paragraph(_("No recommendations."))]


def pledges(facts: Facts) -> list[Block]:
    if not facts.pledges:
        return [Paragraph(_("The State made no voluntary pledges in this cycle."))]
    return [Paragraph(pledge_text(p), numbered=True) for p in facts.pledges]


def _totals(items) -> str:
    return "; ".join(money(v, c) for c, v in amounts(items).items()) or _("no amounts recorded")


def challenges(facts: Facts) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            _(
                "Technical assistance still needed: %(count)d (%(totals)s).",
                count=len(facts.needed),
                totals=_totals(facts.needed),
            ),
            numbered=True,
        )
    ]
    blocks += [Paragraph(assistance_text(a)) for a in facts.needed]
    blocks.append(
        Paragraph(
            _(
                "Technical assistance received: %(count)d (%(totals)s).",
                count=len(facts.received),
                totals=_totals(facts.received),
            ),
            numbered=True,
        )
    )
    blocks += [Paragraph(assistance_text(a)) for a in facts.received]
    return blocks


def annex(facts: Facts) -> list[Block]:
    return [
        Table(
            header=[
                _("Paragraph"),
                _("Recommendation"),
                _("Position"),
                _("Status"),
                _("Justification"),
            ],
            shares=[10, 45, 12, 13, 20],
            rows=[
                Row(
                    [
                        item.citation,
                        item.rec.text,
                        Position.label_of(item.rec.position),
                        Status.label_of(item.rec.status),
                        item.justification,
                    ],
                    heading=item.cluster
                    if i == 0 or facts.cited[i - 1].cluster != item.cluster
                    else None,
                    marked=bool(item.differing),
                )
                for i, item in enumerate(facts.cited)
            ],
            empty=_("No recommendations."),
            size=8,
        )
    ]


GENERATED = {
    "introduction": introduction,
    "methodology": methodology,
    "progress": progress,
    "pledges": pledges,
    "challenges": challenges,
    "annex": annex,
}


def section_blocks(
    facts: Facts, narratives: dict[str, Narrative]
) -> list[tuple[object, list[Block], str]]:
    """Each section: its title, its generated blocks, and its narrative's text (empty when none is saved)."""
    return [
        (s, GENERATED[s.key](facts), narratives[s.key].text if s.key in narratives else "")
        for s in SECTIONS
    ]


def _block_words(block: Block) -> int:
    if isinstance(block, Table):
        return sum(word_count(c) for row in block.rows for c in row.cells if isinstance(c, str))
    return word_count(getattr(block, "text", "")) + word_count(getattr(block, "source", ""))


def words(facts: Facts, narratives: dict[str, Narrative], leave_out: str | None = None) -> int:
    """The report's words: the generated text and narratives of sections 1-5 (the annex aside); `leave_out` a
    section's narrative (the one being typed, which the page counts live)."""
    total = 0
    for section in NARRATED:
        total += word_count(str(section.title))
        total += sum(_block_words(b) for b in GENERATED[section.key](facts))
        if section.key in narratives and section.key != leave_out:
            total += word_count(narratives[section.key].text)
    return total


def title(facts: Facts) -> str:
    return _(
        "Mid-term report of %(state)s on the implementation of its UPR recommendations, cycle %(cycle)s",
        state=state_name(facts.review.state),
        cycle=facts.review.cycle,
    )


def build_document(
    facts: Facts, narratives: dict[str, Narrative], language: str, paper: str
) -> Document:
    """The report: per section its heading, the narrative, then the data it starts from."""
    blocks: list[Block] = []
    for section, generated, narrative in section_blocks(facts, narratives):
        blocks.append(Heading(str(section.title), level=1))
        blocks += [Paragraph(part) for part in narrative.split("\n\n") if part.strip()]
        blocks += generated
    return Document(
        title=title(facts),
        subtitle=_("Draft of %(date)s", date=format_date(date.today())),
        blocks=blocks,
        internal=facts.internal,
        language=language,
        paper=paper,
        symbol=facts.review.report_symbol,
        keywords=["UPR", "mid-term"],
    )
