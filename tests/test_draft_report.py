"""Draft Working Group reports on the three real drafts of UPR session 52: blocks, ids, States, masthead,
Word's automatic numbering against LibreOffice's rendering, recognition and bad input."""

import copy
import re
import subprocess
from collections import Counter

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from tests.conftest import DATA
from tests.test_import_command import CYCLE4
from uprtrack.imports import draft_report, pipeline, word97
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import ImportFileError

DRAFTS = DATA / "draft_reports"
SOMALIA = DRAFTS / "Somalia - Draft report circulated on 12 May 2026_original.docx"
NAMIBIA = DRAFTS / "Namibia - Draft report circulated on 6 May 2026.docx"
BELGIUM = DRAFTS / "Belgium - Draft report after adoption.docx"
needs_soffice = pytest.mark.skipif(
    word97.converter() is None, reason="LibreOffice (soffice) is not installed"
)


def blocks(parsed) -> dict[tuple[str, str], int]:
    return dict(Counter((r.paragraph.split(".")[0], r.position) for r in parsed.rows))


@pytest.mark.parametrize(
    "path, expected, by_headings",
    [
        (SOMALIA, {("6", "Supported"): 259, ("7", "pending"): 3, ("8", "Noted"): 26}, True),
        (BELGIUM, {("6", "Supported"): 165, ("7", "pending"): 104, ("8", "Noted"): 31}, False),
        (NAMIBIA, {("6", "Supported"): 290}, False),
    ],
)
def test_counts_per_block(path, expected, by_headings):
    parsed = draft_report.parse(path)
    assert parsed.kind == ImportKind.DRAFT_REPORT
    assert blocks(parsed) == expected
    assert parsed.rejected == []
    assert ("headings" in parsed.layout and "numbering" not in parsed.layout) == by_headings
    # Each block's ids run 1, 2, 3 ... without a gap or a repeat, in the order of the document.
    for block in {key[0] for key in expected}:
        ids = [r.paragraph for r in parsed.rows if r.paragraph.startswith(block + ".")]
        assert ids == [f"{block}.{n}" for n in range(1, len(ids) + 1)]
    assert all(r.text and r.recommending_states for r in parsed.rows)


def test_somalia_masthead_gives_state_symbol_date_and_the_upr_session_not_the_council_session():
    parsed = draft_report.parse(SOMALIA)
    assert (parsed.state, parsed.named_state) == ("Somalia", "Somalia")
    # "Sixty-third session" is the Council's; the footnotes' A/HRC/WG.6/52/SOM/1 give the UPR session.
    assert (parsed.session, parsed.cycle) == (52, 4)
    first = parsed.rows[0]
    assert (first.position_source, first.position_document, first.document_symbol) == (
        "A/HRC/63/12",
        "A/HRC/63/12",
        "A/HRC/63/12",
    )
    assert first.position_date == "2026-05-12"
    assert first.source_file == SOMALIA.name


def test_somalia_paragraphs_field_by_field():
    rows = {r.paragraph: r for r in draft_report.parse(SOMALIA).rows}
    six_ten = rows["6.10"]
    assert six_ten.text == (
        "Ratify the Convention on the Elimination of All Forms of Discrimination against Women"
    )
    assert six_ten.recommending_states == [
        "Côte d’Ivoire",
        "Cyprus",
        "Czechia",
        "Ghana",
        "Mexico",
        "Morocco",
        "Namibia",
        "New Zealand",
    ]
    assert (six_ten.position, six_ten.position_paragraph) == ("Supported", "6")
    # A paragraph without its final ';' still loses its States.
    assert rows["6.21"].recommending_states == ["Cyprus", "Estonia", "Germany", "Namibia"]
    assert rows["6.21"].text.endswith("on the involvement of children in armed conflict")
    assert rows["6.128"].recommending_states == ["Iran (Islamic Republic of)"]
    seven = rows["7.3"]
    assert (seven.position, seven.recommending_states) == ("pending", ["Iceland"])
    assert seven.text == (
        "Criminalize all forms of gender-based violence, including marital rape, and establish "
        "survivor-centred response protocols and structured referral pathways"
    )
    noted = rows["8.26"]
    assert (noted.position, noted.recommending_states) == ("Noted", ["Peru"])
    assert noted.text.startswith("Advance the prevention and reduction of statelessness")
    # Paragraphs 9 and 10 after the blocks, and the annex, are no recommendations.
    assert max(r.row for r in rows.values()) == rows["8.26"].row


def test_belgium_extract_takes_its_blocks_from_the_numbering_and_its_symbol_from_the_page_header():
    parsed = draft_report.parse(BELGIUM)
    rows = {r.paragraph: r for r in parsed.rows}
    # The extract lost its masthead: the State is the one its circulated file name starts with.
    assert (parsed.state, parsed.session, parsed.cycle) == ("Belgium", None, None)
    assert rows["6.7"].position == "Supported"
    # A group that is no State stays in the text.
    assert rows["6.7"].text.endswith("Degrading Treatment or Punishment (OP-CAT)")
    assert len(rows["6.7"].recommending_states) == 9
    # "(Paris Principles) (Qatar)": only a group joined by ';' is a further recommending State.
    assert rows["7.8"].recommending_states == ["Qatar"]
    assert rows["7.8"].text.endswith("Protection of Human Rights (Paris Principles)")
    assert rows["7.5"].position == "pending"
    assert rows["7.5"].recommending_states == ["Netherlands (Kingdom of the)"]
    assert rows["8.31"].position == "Noted"
    assert rows["8.31"].recommending_states == ["Democratic People’s Republic of Korea"]
    assert {r.position_source for r in parsed.rows} == {"A/HRC/63/9"}
    assert {r.position_date for r in parsed.rows} == {
        None
    }  # neither the name nor a masthead dates it


def test_namibia_ids_are_drawn_by_word_and_dated_by_the_file_name():
    parsed = draft_report.parse(NAMIBIA)
    texts = [p.text for p in docx.Document(NAMIBIA).paragraphs]
    assert not any(re.match(r"\s*6\.\d", t) for t in texts)  # no id is in the text
    rows = {r.paragraph: r for r in parsed.rows}
    assert rows["6.1"].text.startswith("Consider ratifying core international human rights")
    assert rows["6.116"].recommending_states == ["Iran (Islamic Republic of)"]
    assert rows["6.290"].recommending_states == ["Egypt"]
    assert {r.position_date for r in parsed.rows} == {"2026-05-06"}
    assert {r.position_source for r in parsed.rows} == {"A/HRC/63/4"}


def soffice(path, tmp_path, target: str):
    """Convert with LibreOffice, in a profile of the test's own; return the file it wrote."""
    profile = (tmp_path / "profile").as_uri()
    program = word97.converter()
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=word97.TIMEOUT_SECONDS,
    )
    return tmp_path / f"{path.stem}.{target.split(':')[0]}"


def soffice_text(path, tmp_path) -> list[str]:
    """LibreOffice's plain-text rendering, in which it draws Word's list numbers itself."""
    text = soffice(path, tmp_path, "txt:Text").read_text(encoding="utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip()]


@needs_soffice
def test_namibia_numbering_equals_libreoffice_rendering(tmp_path):
    lines = soffice_text(NAMIBIA, tmp_path)
    parsed = draft_report.parse(NAMIBIA)
    assert [line.split(None, 1)[0] for line in lines] == [r.paragraph for r in parsed.rows]
    for line, row in zip(lines, parsed.rows, strict=True):
        assert " ".join(line.split()[1:]).startswith(" ".join(row.text.split()))


@needs_soffice
def test_a_start_override_restarts_the_numbering_as_libreoffice_draws_it(tmp_path):
    """The same Namibia file with its list told to start at 40: both count from there."""
    document = docx.Document(NAMIBIA)
    numbering = document.part.numbering_part.element
    num = numbering.xpath('w:num[@w:numId="10"]')[0]
    num.append(num.makeelement(docx.oxml.ns.qn("w:lvlOverride"), {docx.oxml.ns.qn("w:ilvl"): "0"}))
    override = num[-1]
    start = override.makeelement(
        docx.oxml.ns.qn("w:startOverride"), {docx.oxml.ns.qn("w:val"): "40"}
    )
    override.append(start)
    changed = tmp_path / "namibia-start-40.docx"
    document.save(changed)
    parsed = draft_report.parse(changed)
    assert parsed.rows[0].paragraph == "6.40"
    lines = soffice_text(changed, tmp_path)
    assert [line.split(None, 1)[0] for line in lines] == [r.paragraph for r in parsed.rows]


def test_recognised_from_the_file_and_chosen_for_an_extract():
    assert pipeline.parse_file(SOMALIA).kind == ImportKind.DRAFT_REPORT
    assert pipeline.parse_file(CYCLE4).kind == ImportKind.OHCHR_MATRIX
    # The extracts lost the report's title: their numbered paragraphs still make them drafts.
    assert pipeline.parse_file(NAMIBIA).kind == ImportKind.DRAFT_REPORT
    assert len(pipeline.parse_file(BELGIUM).rows) == 300
    # Chosen as drafts, they are read too; the session given gives the cycle.
    parsed = pipeline.parse_file(BELGIUM, ImportKind.DRAFT_REPORT, session=52)
    assert (parsed.kind, parsed.session, parsed.cycle, len(parsed.rows)) == (
        ImportKind.DRAFT_REPORT,
        52,
        4,
        300,
    )
    assert {r.cycle for r in parsed.rows} == {4}


def test_an_upload_is_named_and_dated_by_its_original_name(tmp_path):
    stored = tmp_path / "3f2a9c.docx"
    stored.write_bytes(NAMIBIA.read_bytes())
    parsed = pipeline.parse_file(stored, ImportKind.DRAFT_REPORT, filename=NAMIBIA.name)
    assert {r.position_date for r in parsed.rows} == {"2026-05-06"}


def test_a_draft_without_section_two_is_refused(tmp_path):
    document = docx.Document(SOMALIA)
    body = document.element.body
    start = next(i for i, p in enumerate(document.paragraphs) if p.text.strip().startswith("II."))
    for paragraph in document.paragraphs[start:]:
        body.remove(paragraph._p)
    cut = tmp_path / "Somalia without section II.docx"
    document.save(cut)
    with pytest.raises(ImportFileError, match="has no section II"):
        pipeline.parse_file(cut)


def test_a_file_without_recommendations_is_refused():
    with pytest.raises(ImportFileError, match="holds no recommendations"):
        pipeline.parse_file(CYCLE4, ImportKind.DRAFT_REPORT)


def test_a_file_that_is_no_word_document_is_refused(tmp_path):
    fake = tmp_path / "draft.docx"
    fake.write_text(
        "Report of the Working Group on the Universal Periodic Review", encoding="utf-8"
    )
    with pytest.raises(ImportFileError, match=r"not a Word \.docx document"):
        pipeline.parse_file(fake, ImportKind.DRAFT_REPORT)


def test_states_of_clauses_and_names_with_brackets_stay_whole():
    # Somalia's 6.1 and 8.26, with the States of the two written as the matrices write clauses.
    text, states = draft_report.split_states(
        "Speed up its effort to ratify key human rights treaties (India); and advance the prevention "
        "and reduction of statelessness (Bolivia (Plurinational State of), Peru);"
    )
    assert text == (
        "Speed up its effort to ratify key human rights treaties (India); and advance the prevention "
        "and reduction of statelessness"
    )
    assert states == ["India", "Bolivia (Plurinational State of)", "Peru"]


@needs_soffice
def test_a_word_97_draft_is_read_like_its_docx(tmp_path):
    doc = soffice(SOMALIA, tmp_path, "doc")
    parsed = pipeline.parse_file(doc)
    assert parsed.kind == ImportKind.DRAFT_REPORT
    assert blocks(parsed) == {("6", "Supported"): 259, ("7", "pending"): 3, ("8", "Noted"): 26}
    assert {r.source_file for r in parsed.rows} == {doc.name}
    assert parsed.rows[0].position_source == "A/HRC/63/12"


def test_text_without_an_id_inside_a_block_is_rejected_not_lost(tmp_path):
    """Somalia's 7.3 typed again without its id, as a paragraph broken in two would leave it."""
    document = docx.Document(SOMALIA)
    source = next(p for p in document.paragraphs if p.text.startswith("7.3\t"))
    again = copy_paragraph(source)
    again.text = source.text.split("\t", 1)[1]
    changed = tmp_path / "Somalia with a paragraph without id.docx"
    document.save(changed)
    parsed = draft_report.parse(changed)
    assert len(parsed.rows) == 288
    [rejected] = parsed.rejected
    assert rejected.row == next(r.row for r in parsed.rows if r.paragraph == "7.3") + 1
    assert rejected.reason.startswith("the paragraph 'Criminalize all forms of gender-based")
    assert "has no recommendation number" in rejected.reason


def copy_paragraph(paragraph):
    element = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(element)
    return docx.text.paragraph.Paragraph(element, paragraph._parent)


@needs_soffice
def test_numbering_carried_by_the_style_counts_as_word_and_libreoffice_count_it(tmp_path):
    """The same Namibia file with each paragraph's list numbering moved into a paragraph style."""
    document = docx.Document(NAMIBIA)
    style = document.styles.add_style("Recommendation list", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 10
    for paragraph in document.paragraphs:
        paragraph._p.pPr._remove_numPr()
        paragraph.style = style
    changed = tmp_path / "namibia-numbered-by-style.docx"
    document.save(changed)
    parsed = draft_report.parse(changed)
    assert [r.paragraph for r in parsed.rows] == [f"6.{n}" for n in range(1, 291)]
    lines = soffice_text(changed, tmp_path)
    assert [line.split(None, 1)[0] for line in lines] == [r.paragraph for r in parsed.rows]


def test_a_word_file_that_is_neither_a_matrix_nor_a_draft_says_both(tmp_path):
    document = docx.Document()
    document.add_paragraph("Minutes of the inter-ministerial meeting on the UPR, 3 March 2026")
    document.add_paragraph("1. The national mechanism met with the ministries.")
    document.save(tmp_path / "minutes.docx")
    with pytest.raises(
        ImportFileError, match=r"neither an OHCHR matrix .* nor a draft Working Group"
    ):
        pipeline.parse_file(tmp_path / "minutes.docx")
