"""The mid-term report: its sections' data match the database, the narratives keep versions, the words are counted,
and the DOCX and PDF hold what the builder shows, marked internal on every page."""

from __future__ import annotations

import subprocess
from io import BytesIO

import docx
import pytest
from sqlalchemy import func, select

from tests.matrix_data import CHINESE, matrix_data, paragraph  # noqa: F401
from uprtrack import narratives
from uprtrack.midterm import builder
from uprtrack.midterm.sections import DOCUMENT, gather
from uprtrack.models import Narrative, Recommendation

PASSWORD = "correct horse battery"
TEXT = "The Government consulted the Ombudsman and twelve organisations in 2026."


@pytest.fixture
def review(matrix_data):
    return paragraph(matrix_data, "140.31").review


@pytest.fixture
def coordinator(client, review):
    client.post("/sign-in", data={"email": "nmrf@example.org", "password": PASSWORD})
    return client


def test_sections_data_match_the_database(ctx, review):
    facts = gather(ctx, review, published_only=False)
    total = ctx.scalar(
        select(func.count(Recommendation.id)).where(Recommendation.review_id == review.id)
    )
    noted = ctx.scalar(
        select(func.count(Recommendation.id)).where(
            Recommendation.review_id == review.id, Recommendation.position == "Noted"
        )
    )
    assert len(facts.cited) == total and facts.positions["Noted"] == noted
    assert facts.internal  # 140.121 is unpublished
    intro = " ".join(b.text for b in builder.introduction(facts))
    assert f"Recommendations: {total};" in intro and f"noted: {noted}." in intro
    assert review.report_symbol in intro
    item = next(c for c in facts.cited if c.rec.paragraph == "140.31")
    assert item.citation == f"140.31 ({review.report_symbol})"
    progress = builder.progress(facts)
    cited = next(b for b in progress if getattr(b, "text", "").startswith(item.citation))
    assert "In progress" in cited.text
    # The status is in progress (under way): the NHRI's "limited progress" agrees, the CSO's "no progress" differs.
    quotes = [b for b in progress if b.__class__.__name__ == "Quote"]
    assert [q.text for q in quotes if "Roma Education Network" in q.source] == [
        "Nothing changed in Maribor."
    ]
    assert not any(q.text == "Segregated classes remain." for q in quotes)
    assert not any("Draft awaiting moderation." in q.text for q in quotes)
    methodology = builder.methodology(facts)[0].text
    assert "Human Rights Ombudsman" in methodology and "Roma Education Network" in methodology
    assert "2 latest published assessments" in methodology
    public = gather(ctx, review, published_only=True)
    assert len(public.cited) == total - 1 and not public.internal


def test_saving_makes_versions(ctx, review):
    assert narratives.save(ctx, review, DOCUMENT, "introduction", "One.", None).version == 1
    assert narratives.save(ctx, review, DOCUMENT, "introduction", "Two.", None).version == 2
    assert narratives.save(ctx, review, DOCUMENT, "introduction", "Two.", None) is None
    assert [n.version for n in narratives.versions(ctx, review, DOCUMENT, "introduction")] == [2, 1]


def test_word_count_english_and_chinese(ctx, review):
    assert narratives.word_count("The Ministry - adopted a plan.") == 5
    assert narratives.word_count(CHINESE) == len(CHINESE)
    facts = gather(ctx, review, published_only=False)
    before = builder.words(facts, {})
    narratives.save(ctx, review, DOCUMENT, "pledges", f"Inclusive schools. {CHINESE}", None)
    after = builder.words(facts, narratives.latest(ctx, review, DOCUMENT))
    assert after - before == 2 + len(CHINESE)
    narratives.save(ctx, review, DOCUMENT, "annex", "word " * 50, None)
    assert (
        builder.words(facts, narratives.latest(ctx, review, DOCUMENT)) == after
    )  # the annex aside


def test_builder_page_and_edit(coordinator, ctx, review):
    page = coordinator.get(f"/midterm/{review.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "of 10,700 words" in html and "140.31 (" in html
    response = coordinator.post(f"/midterm/{review.id}/methodology", data={"text": TEXT})
    assert response.status_code == 302
    coordinator.post(f"/midterm/{review.id}/methodology", data={"text": TEXT + " Again."})
    coordinator.post(f"/midterm/{review.id}/methodology", data={"text": TEXT + " Again."})
    assert [n.version for n in narratives.versions(ctx, review, DOCUMENT, "methodology")] == [2, 1]
    edit = coordinator.get(f"/midterm/{review.id}/methodology").get_data(as_text=True)
    assert "Restore version 1" in edit and "nmrf@example.org" in edit and "midterm-words.js" in edit
    assert coordinator.get(f"/midterm/{review.id}/nonsense").status_code == 404
    assert coordinator.get(f"/midterm/{review.id}/annex").status_code == 404


def test_over_long_text_is_refused(coordinator, ctx, review):
    response = coordinator.post(f"/midterm/{review.id}/introduction", data={"text": "x" * 100_001})
    assert response.status_code == 400
    assert "too long" in response.get_data(as_text=True)
    assert ctx.scalar(select(func.count(Narrative.id))) == 0


def test_public_and_voices_are_kept_out(review, client, make_user):
    for url in ("/midterm", f"/midterm/{review.id}", f"/midterm/{review.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    make_user("ngo@example.org", role="cso", org="Roma Education Network")
    client.post("/sign-in", data={"email": "ngo@example.org", "password": PASSWORD})
    assert client.get(f"/midterm/{review.id}").status_code == 403
    assert client.get(f"/midterm/{review.id}.docx").status_code == 403


def test_docx_holds_the_report(coordinator, ctx, review, tmp_path):
    coordinator.post(f"/midterm/{review.id}/introduction", data={"text": TEXT})
    response = coordinator.get(f"/midterm/{review.id}.docx")
    assert response.status_code == 200
    document = docx.Document(BytesIO(response.data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "List Number", "Quote"} <= styles
    assert any(p.text == TEXT for p in document.paragraphs)
    annex = document.tables[-1]
    total = ctx.scalar(
        select(func.count(Recommendation.id)).where(Recommendation.review_id == review.id)
    )
    clusters = len({c.cluster for c in gather(ctx, review, False).cited})
    assert (
        len(annex.rows) == 1 + total + clusters
    )  # the header, a theme row per cluster, a row per recommendation
    assert any(row.cells[0].text == f"140.31 ({review.report_symbol})" for row in annex.rows)
    path = tmp_path / "midterm.docx"
    path.write_bytes(response.data)
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0 and (tmp_path / "midterm.pdf").stat().st_size > 1000


def test_pdf_holds_narrative_and_mark_on_every_page(coordinator, review, tmp_path):
    coordinator.post(f"/midterm/{review.id}/introduction", data={"text": TEXT})
    response = coordinator.get(f"/midterm/{review.id}.pdf?paper=us-letter")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "midterm.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "The Government consulted the Ombudsman" in " ".join(text.split())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "612 x 792" in info and pages > 1
    for page in range(1, pages + 1):
        one = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert "Internal: includes unpublished or proposed records" in " ".join(one.split()), page


def test_unknown_format_and_review(coordinator, review):
    assert coordinator.get(f"/midterm/{review.id}.xlsx").status_code == 404
    assert coordinator.get("/midterm/999999").status_code == 404
    assert coordinator.get(f"/midterm?review={review.id}").status_code == 302
