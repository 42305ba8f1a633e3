"""Downloading the progress matrix: from the list page with its current filter, and with `flask export`."""

import csv
import io
import re
from urllib.parse import parse_qs, unquote, urlsplit

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.matrix_data import CHINESE, FORMULA, matrix_data, paragraph  # noqa: F401
from uprtrack.models import Recommendation, Review
from uprtrack.reporting.formats import FORMATS


def matrix_ids(book) -> list[str]:
    """The ids in the matrix sheet's first column, below its header row."""
    values = [row[0] for row in book["Matrix"].iter_rows(values_only=True)]
    start = values.index("Id") + 1
    return [v for v in values[start:] if v and re.match(r"^(\d+\.\d+|#\d+)$", str(v))]


def download(client, url, **kwargs):
    """Get a file and close the response, as a browser does once the file is saved."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def education_count(ctx, cycle=4, published_only=True) -> int:
    query = (
        select(func.count(Recommendation.id))
        .join(Review)
        .where(Review.cycle == cycle, Recommendation.education)
    )
    if published_only:
        query = query.where(Recommendation.published.is_(True))
    return ctx.scalar(query)


def test_list_page_links_every_format_with_the_current_filter(client, matrix_data):
    page = client.get(
        "/recommendations?state=SVN&cycle=4&status=in_progress&page=2&sort=status"
    ).get_data(True)
    links = re.findall(r'href="(/recommendations/export\.(\w+)\?[^"]*)"', page)
    letter = [fmt for href, fmt in links if "paper=us-letter" in href]
    links = [(href, fmt) for href, fmt in links if "paper=us-letter" not in href]
    assert sorted(fmt for _, fmt in links) == sorted(FORMATS)
    assert sorted(letter) == ["docx", "pdf"]  # the documents, on A4 or on US Letter
    for href, _ in links:
        args = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert args == {
            "state": ["SVN"],
            "cycle": ["4"],
            "status": ["in_progress"],
        }  # no page, no order


def test_public_xlsx_holds_only_published_recommendations(client, login, make_user, matrix_data):
    response = download(client, "/recommendations/export.xlsx?state=SVN&cycle=4")
    assert response.status_code == 200
    assert response.mimetype == FORMATS["xlsx"].mimetype
    disposition = response.headers["Content-Disposition"]
    assert "uprtrack-matrix-SVN-cycle4-" in unquote(disposition) and disposition.startswith(
        "attachment;"
    )
    ids = matrix_ids(openpyxl.load_workbook(io.BytesIO(response.data)))
    assert len(ids) == education_count(matrix_data) and "140.121" not in ids and "140.31" in ids
    make_user("coord@example.org", role="coordinator", org="National mechanism")
    login("coord@example.org")
    staff = download(client, "/recommendations/export.xlsx?state=SVN&cycle=4")
    assert staff.headers["Cache-Control"] == "private, no-store"
    staff_ids = matrix_ids(openpyxl.load_workbook(io.BytesIO(staff.data)))
    assert (
        len(staff_ids) == education_count(matrix_data, published_only=False)
        and "140.121" in staff_ids
    )


def test_csv_streams_the_selection(client, matrix_data):
    response = client.get("/recommendations/export.csv?state=SVN&cycle=4&q=Roma")
    assert response.is_streamed and response.status_code == 200
    body = response.get_data().decode("utf-8-sig")
    response.close()
    rows = list(csv.reader(io.StringIO(body)))
    roma = matrix_data.scalar(
        select(func.count(Recommendation.id))
        .join(Review)
        .where(
            Review.cycle == 4,
            Recommendation.education,
            Recommendation.published,
            Recommendation.text.ilike("%Roma%"),
        )
    )
    assert len(rows) - 1 == roma > 0
    assert any("'" + FORMULA in row for row in rows)  # the justification, never a live formula


def test_unknown_format_is_a_404(client, matrix_data):
    assert download(client, "/recommendations/export.exe?state=SVN").status_code == 404


def test_a_selection_too_large_for_the_format_is_refused_with_advice(
    client, matrix_data, monkeypatch
):
    from uprtrack.reporting.formats import matrix_pdf

    monkeypatch.setattr(matrix_pdf, "MAX_ROWS", 10)
    response = download(
        client, "/recommendations/export.pdf?state=SVN&cycle=4", follow_redirects=True
    )
    page = response.get_data(True)
    assert response.status_code == 200 and "PDF exports take at most 10" in page
    assert response.request.path == "/recommendations"
    assert parse_qs(response.request.query_string.decode()) == {"state": ["SVN"], "cycle": ["4"]}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_downloads(client, matrix_data, fmt):
    response = download(client, f"/recommendations/export.{fmt}?state=SVN&cycle=4")
    assert response.status_code == 200 and len(response.get_data()) > 1000
    assert unquote(response.headers["Content-Disposition"]).endswith(f".{fmt}")


def test_export_command_writes_each_format(runner, matrix_data, tmp_path):
    path = tmp_path / "slovenia.xlsx"
    result = runner.invoke(args=["export", str(path), "--state", "svn", "--cycle", "4", "--public"])
    assert result.exit_code == 0, result.output
    count = education_count(matrix_data)
    assert f"Wrote {count} recommendations" in result.output and "public data only" in result.output
    assert len(matrix_ids(openpyxl.load_workbook(path))) == count
    everything = tmp_path / "all.csv"
    result = runner.invoke(args=["export", str(everything), "--all", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(everything.read_text("utf-8-sig"))))
    assert len(rows) - 1 == matrix_data.scalar(select(func.count(Recommendation.id)))
    assert (
        rows[0][:2] == ["主题组", "编号"] and "建议" in rows[0]
    )  # "Theme cluster", "Id", "Recommendation"
    assert CHINESE in everything.read_text("utf-8-sig")


def test_export_command_refuses_bad_requests_and_leaves_nothing(runner, matrix_data, tmp_path):
    unknown = runner.invoke(args=["export", str(tmp_path / "x.xlsx"), "--state", "XXX"])
    assert unknown.exit_code != 0 and "No State has the ISO code XXX" in unknown.output
    no_format = runner.invoke(args=["export", str(tmp_path / "x.txt")])
    assert no_format.exit_code != 0 and "--format" in no_format.output
    assert list(tmp_path.iterdir()) == []


def test_list_page_says_which_formats_a_large_selection_cannot_take(
    client, matrix_data, monkeypatch
):
    from uprtrack.reporting.formats import matrix_pdf

    monkeypatch.setattr(matrix_pdf, "MAX_ROWS", 10)
    page = client.get("/recommendations?state=SVN&cycle=4").get_data(True)
    assert "PDF: up to 10 recommendations" in page and "/recommendations/export.pdf" not in page
    assert "/recommendations/export.xlsx" in page
