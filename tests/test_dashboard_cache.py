"""The dashboard's charts are drawn once per state of the data, revalidate by ETag, and a choice that matches
nothing says so instead of showing another State."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.test_dashboard import dataset, svg_texts  # noqa: F401  (the fixture)
from uprtrack.core import data_version
from uprtrack.models import Recommendation, Review, State
from uprtrack.recommendations import operations
from uprtrack.reporting import chart_cache
from uprtrack.reporting.views import dashboard

URL = "/dashboard/charts/status-by-theme.svg?state=SVN&cycle=4&education=1&lang=en"


@pytest.fixture
def drawn(monkeypatch):
    """Count the charts drawn, from an empty cache."""
    chart_cache.IMAGES.clear()
    calls = []
    real = dashboard.draw

    def counting(item, scope, width, table):
        calls.append((item, scope, width, table))
        return real(item, scope, width, table)

    monkeypatch.setattr(dashboard, "draw", counting)
    return calls


def test_second_request_does_not_redraw(client, dataset, drawn):
    first = client.get(URL)
    second = client.get(URL)
    assert first.status_code == second.status_code == 200
    assert len(drawn) == 1
    assert first.data == second.data
    key = next(iter(chart_cache.IMAGES._items))
    assert chart_cache.IMAGES._items[key] is chart_cache.IMAGES.get_or_draw(key, lambda: b"")
    client.get(URL.replace("lang=en", "lang=zh"))
    client.get(URL + "&size=narrow")
    assert len(drawn) == 3  # another language, another width: another image each


def test_browser_revalidates_with_304(client, dataset, drawn):
    first = client.get(URL)
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(URL, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag
    assert len(drawn) == 1


def test_a_status_change_draws_again_with_the_new_figures(client, ctx, dataset, drawn):
    before = client.get(URL)
    version = data_version.data_version(ctx)
    rec = ctx.get(Recommendation, dataset["recs"]["r5"].id)
    operations.change_status(ctx, rec, "fully_implemented", date(2025, 2, 1), "Law adopted", None)
    ctx.commit()
    assert data_version.data_version(ctx) != version
    after = client.get(URL, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert len(drawn) == 2
    # The counts drawn are those of the database: one more fully implemented recommendation.
    table = drawn[-1][3]
    fully = table.keys.index("fully_implemented")
    assert sum(values[fully] for _label, values in table.rows) == 2
    assert before.data != after.data
    assert client.get(URL).status_code == 200 and len(drawn) == 2


def test_the_page_counts_its_figures_once_per_version_of_the_data(
    client, ctx, dataset, monkeypatch
):
    """The page's tables and the charts' images share one count per version of the data and language."""
    from dataclasses import replace

    dashboard.FIGURES.clear()
    chart_cache.IMAGES.clear()
    counted = []
    chart = dashboard.CHARTS["status-by-theme"]

    def counting(scope):
        counted.append(scope)
        return chart.table(scope)

    monkeypatch.setitem(dashboard.CHARTS, "status-by-theme", replace(chart, table=counting))
    page = "/dashboard?state=SVN&cycle=4&education=1"
    first = client.get(page).get_data(as_text=True)
    assert client.get(page).get_data(as_text=True) == first
    assert client.get(URL).status_code == 200 and len(counted) == 1
    client.get(page, headers={"Accept-Language": "zh"})
    assert len(counted) == 2  # the theme names and statuses are said in the reader's language

    rec = ctx.get(Recommendation, dataset["recs"]["r5"].id)
    operations.change_status(ctx, rec, "fully_implemented", date(2025, 2, 1), "Law adopted", None)
    ctx.commit()
    after = client.get(page).get_data(as_text=True)
    assert after != first and len(counted) == 3
    table = dashboard.figures("status-by-theme", counted[-1])  # kept: what the page showed
    assert sum(values[table.keys.index("fully_implemented")] for _l, values in table.rows) == 2


def test_a_rolled_back_change_keeps_the_version(ctx, dataset):
    version = data_version.data_version(ctx)
    rec = ctx.get(Recommendation, dataset["recs"]["r5"].id)
    rec.published = False
    ctx.flush()
    ctx.rollback()
    assert data_version.data_version(ctx) == version
    rec = ctx.get(Recommendation, dataset["recs"]["r5"].id)
    ctx.commit()  # nothing charted changed
    assert data_version.data_version(ctx) == version
    rec.published = False
    ctx.commit()
    assert data_version.data_version(ctx) != version


def test_a_bulk_statement_changes_the_version(ctx, dataset):
    version = data_version.data_version(ctx)
    from uprtrack.models import Assessment

    ctx.execute(Assessment.__table__.delete())
    ctx.commit()
    assert data_version.data_version(ctx) != version


def test_the_cache_is_bounded():
    images = data_version.Memo(size=3)
    for n in range(5):
        images.get_or_draw(n, lambda n=n: bytes([n]))
    assert len(images) == 3
    assert images.get_or_draw(0, lambda: b"redrawn") == b"redrawn"


@pytest.mark.parametrize(
    "query",
    ["state=FRA&cycle=4", "state=XYZ", "state=SVN&cycle=2", "state=SVN&cycle=abc"],
)
def test_a_choice_without_a_review_says_so(client, ctx, dataset, query):
    # Another State with a published review, which the page would otherwise show in place of the one asked for.
    other = ctx.scalar(select(State).where(State.iso3 == "ALB"))
    review = Review(state=other, cycle=3, session=43)
    ctx.add(
        Recommendation(
            review=review, paragraph="1.1", text="Ratify.", text_key="alb-1", education=True
        )
    )
    ctx.commit()
    page = client.get(f"/dashboard?{query}").get_data(as_text=True)
    assert "No review matches this choice." in page
    assert "<img " not in page and "dashboard-scope" not in page
    assert client.get(f"/dashboard/charts/status-by-theme.svg?{query}").status_code == 404


def test_a_filter_without_recommendations_says_so(client, ctx, dataset):
    for rec in ctx.scalars(select(Recommendation)):
        rec.education = False
    ctx.commit()
    page = client.get("/dashboard?state=SVN&cycle=4&education=1").get_data(as_text=True)
    assert "No recommendation of this review matches this choice." in page
    assert "<img " not in page
    page = client.get("/dashboard?state=SVN&cycle=4&education=0").get_data(as_text=True)
    assert "No recommendation" not in page and page.count("<img ") >= 3
