"""The item 10 statement's figures, good practices, draft, saved versions and files, on tests/item10_data.py."""

import subprocess
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.item10_data import build
from uprtrack import narratives
from uprtrack.models import (
    Assessment,
    Organisation,
    Recommendation,
    Review,
    TechnicalAssistance,
)
from uprtrack.reporting import figures, statement
from uprtrack.reporting.figures import Scope
from uprtrack.reporting.figures.statement import IMPLEMENTED, SUPPORTED
from uprtrack.reporting.item10 import build_report


@pytest.fixture
def data(ctx):
    records = build(ctx)
    svn = records["state"]
    # Assistance still needed with amounts in two currencies, one of them twice.
    for title, amount, currency in (
        ("A", "1500", "EUR"),
        ("B", "2500", "EUR"),
        ("C", "700", "USD"),
    ):
        ctx.add(
            TechnicalAssistance(
                state=svn,
                title=title,
                direction="requested",
                status="requested",
                cycle=4,
                amount=Decimal(amount),
                currency=currency,
            )
        )
    ctx.commit()
    return records


def scope(data, published_only=True, cycle=4, education=True):
    return Scope(data["state"].id, cycle, education, published_only)


def _db_share(ctx, data, cycle, published_only=True):
    """The share counted straight from the table, without the report's code."""
    rows = (
        ctx.execute(
            select(Recommendation.status)
            .join(Review)
            .where(
                Review.state_id == data["state"].id,
                Review.cycle == cycle,
                Recommendation.education.is_(True),
                Recommendation.position.in_(("Supported", "Supported-in-part")),
                *([Recommendation.published.is_(True)] if published_only else []),
            )
        )
        .scalars()
        .all()
    )
    done = sum(s in ("fully_implemented", "partially_implemented") for s in rows)
    return done, len(rows)


def test_shares_match_the_database_and_the_change_since_cycle_3(ctx, data):
    with force_locale("en"):
        found = figures.statement_figures(ctx, scope(data))
        government = figures.statement_figures(ctx, scope(data, published_only=False))
    assert (found.overall.implemented, found.overall.supported) == _db_share(ctx, data, 4) == (2, 2)
    assert (
        (government.overall.implemented, government.overall.supported)
        == _db_share(ctx, data, 4, published_only=False)
        == (2, 3)
    )  # 140.4, unpublished, is in progress
    assert government.overall.percent == 67
    assert found.previous_cycle == 3 and _db_share(ctx, data, 3) == (0, 2)
    assert found.change == 100 and government.change == 67
    assert {n: s.percent for n, s in found.by_sdg_target} == {"4.1": 100, "4.5": 100}
    assert {n: s.percent for n, s in government.by_sdg_target}["4.5"] == 50
    assert {n: s.percent for n, s in found.by_theme}["Right to education"] == 100


def test_amounts_still_needed_per_currency_and_pledges_kept(ctx, data):
    found = figures.statement_figures(ctx, scope(data))
    total = dict(
        ctx.execute(
            select(TechnicalAssistance.currency, func.sum(TechnicalAssistance.amount))
            .where(TechnicalAssistance.title.in_(("A", "B", "C")))
            .group_by(TechnicalAssistance.currency)
        ).all()
    )
    assert found.needed == {"EUR": Decimal("4000"), "USD": Decimal("700")} == total
    assert found.needed_projects == 4  # the three above and the teacher training request
    assert (found.pledges_kept, found.pledges) == (1, 1)
    assert (figures.statement_figures(ctx, scope(data, published_only=False)).pledges) == 2
    assert found.themes_served == ["Right to education", "女童教育"]


def _practices(ctx, data):
    return [p for p, _ in figures.good_practices(ctx, scope(data)).rows]


def test_good_practice_needs_validated_evidence(ctx, data):
    assert _practices(ctx, data) == ["140.1"]
    for evidence in data["recs"][0].evidence:
        evidence.entry_state = "proposed"
    ctx.flush()
    assert _practices(ctx, data) == []


def test_good_practice_needs_the_nhris_latest_published_agreement(ctx, data):
    nhri = ctx.scalars(select(Organisation).where(Organisation.kind == "nhri")).first()
    later = Assessment(
        recommendation=data["recs"][0],
        organisation=nhri,
        rating="some_progress",
        text="Not complete",
        assessed_on=data["recs"][0].assessments[0].assessed_on,
        moderation="pending",
    )
    ctx.add(later)
    ctx.flush()
    assert _practices(ctx, data) == ["140.1"]  # a pending assessment does not count yet
    later.moderation = "published"
    ctx.flush()
    assert _practices(ctx, data) == []


def test_good_practice_needs_full_implementation(ctx, data):
    r2 = data["recs"][1]  # partially implemented, with validated evidence
    nhri = ctx.scalars(select(Organisation).where(Organisation.kind == "nhri")).first()
    ctx.add(
        Assessment(
            recommendation=r2,
            organisation=nhri,
            rating="substantial_progress",
            text="Agrees",
            assessed_on=r2.assessments[0].assessed_on,
            moderation="published",
        )
    )
    ctx.flush()
    assert "140.2" not in _practices(ctx, data)
    r2.status = "fully_implemented"
    ctx.flush()
    assert "140.2" not in _practices(
        ctx, data
    )  # the NHRI rated it substantial progress, not implemented


def test_draft_names_the_state_and_the_figures(ctx, data):
    with force_locale("en"):
        report = build_report(ctx, scope(data))
        text = "\n\n".join(statement.draft(report))
    words = narratives.word_count(text)
    assert 450 <= words <= 750, words
    assert "Slovenia" in text and "100%" in text and "+100" not in text
    assert "change of 100 percentage points" in text
    assert "4,000.00 EUR; 700.00 USD" in text
    assert (
        "UNESCO" in text
        and "140.1" in text
        and "We made one voluntary pledge; it has a recorded follow-up" in text
    )
    assert 3.4 < statement.spoken_minutes(text) < 5.8


def test_draft_names_results_and_takes_up_the_midterm_narrative_for_internal_readers(ctx, data):
    review = ctx.scalars(
        select(Review).where(Review.cycle == 4, Review.state_id == data["state"].id)
    ).one()
    narratives.save(
        ctx,
        review,
        narratives.MIDTERM,
        "challenges",
        "Teacher shortages slow the reform in rural schools. Budgets were cut in 2025. "
        + "A third sentence the statement leaves to the report"
        + ", and goes on" * 20
        + ".",
        None,
    )
    ctx.commit()
    with force_locale("en"):
        for published_only in (True, False):
            report = build_report(ctx, scope(data, published_only=published_only))
            implemented = set(
                ctx.scalars(
                    select(Recommendation.paragraph).where(
                        Recommendation.review_id == review.id,
                        Recommendation.status.in_(IMPLEMENTED),
                        Recommendation.position.in_(SUPPORTED),
                    )
                )
            )
            named = [paragraph for paragraph, _status, _note in report.statement.results]
            assert named and set(named) <= implemented
            text, saved = statement.current_text(ctx, report)
            assert not saved and f"Recommendation {named[0]} is" in text
            assert ("Teacher shortages slow the reform" in text) is not published_only
            assert "A third sentence" not in text  # only the opening sentences are taken up


def test_saving_keeps_versions_and_the_public_cannot_save(client, data, make_user, login, ctx):
    url = "/reports/item10/statement?state=SVN&cycle=4"
    page = client.get(url)
    assert page.status_code == 200 and "Slovenia" in page.get_data(as_text=True)
    assert "<textarea" not in page.get_data(as_text=True)
    assert client.post(url, data={"text": "Ours"}).status_code in (302, 401, 403)
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    page = client.get(url).get_data(as_text=True)
    assert "<textarea" in page and "csrf_token" in page
    assert client.post(url, data={"text": "First version of our statement."}).status_code == 302
    assert client.post(url, data={"text": "Second version of our statement."}).status_code == 302
    blank = client.post(url, data={"text": "   "})
    assert blank.status_code == 400 and "Traceback" not in blank.get_data(as_text=True)
    review = ctx.scalars(
        select(Review).where(Review.cycle == 4, Review.state_id == data["state"].id)
    ).one()
    kept = narratives.versions(ctx, review, "item10", "statement")
    assert [v.text for v in kept] == [
        "Second version of our statement.",
        "First version of our statement.",
    ]
    assert "Second version of our statement." in client.get(url).get_data(as_text=True)
    client.post("/sign-out")
    public = client.get(url).get_data(as_text=True)
    assert "Second version" not in public and "Mr. President, Slovenia" in public


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "statement.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_statement_files_hold_the_figures_and_the_mark(client, data, make_user, login, tmp_path):
    content = client.get("/reports/item10/statement.docx?state=SVN&cycle=4").data
    document = docx.Document(BytesIO(content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Slovenia" in body and "4,000.00 EUR; 700.00 USD" in body
    assert "Public data only" in document.sections[0].header.paragraphs[0].text
    (tmp_path / "statement.docx").write_bytes(content)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "statement.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0 and (tmp_path / "out" / "statement.pdf").exists(), result.stderr
    text = _pdf_text(
        client.get("/reports/item10/statement.pdf?state=SVN&cycle=4&paper=us-letter").data, tmp_path
    )
    assert "Slovenia" in text and "Public data only" in text and "100%" in text
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    text = _pdf_text(client.get("/reports/item10.pdf?state=SVN&cycle=4").data, tmp_path)
    assert text.count("Internal: includes unpublished or proposed records") >= text.count("\f")
    assert "67%" in text and "Statistics on school drop-out" in text


def test_draft_says_so_when_no_assistance_was_received_and_asks_without_an_amount(ctx, data):
    with force_locale("en"):
        report = build_report(ctx, scope(data, cycle=3))
        text = "\n\n".join(statement.draft(report))
    figures_ = report.statement
    assert not report.assistance_by_provider.rows
    assert (figures_.needed_projects, figures_.needed) == (1, {})
    assert "We received no technical assistance" in text and "We thank" not in text
    assert "We have asked for assistance in 1 further project. We call on" in text
    assert "estimate" not in text and "–" not in text
