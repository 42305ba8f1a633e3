"""The public overview shows each review's progress and links it to the list of its recommendations."""

import re

from sqlalchemy import select

from tests.test_import_command import CYCLE4, run_import
from uprtrack.core.vocabulary import Status
from uprtrack.models import Recommendation, Review


def test_overview_and_review_pages(runner, client, ctx, tmp_path):
    assert "No recommendations yet." in client.get("/").get_data(as_text=True)
    run_import(runner, tmp_path, CYCLE4)
    page = client.get("/").get_data(as_text=True)
    assert "Slovenia, cycle 4</a>" in page and "254 recommendations" in page
    assert ">36 on the right to education</a>" in page
    # Each review leads to its item 10 report and its dashboard.
    assert (
        'href="/reports/item10?state=SVN&amp;cycle=4"' in page
        and 'href="/dashboard?state=SVN&amp;cycle=4"' in page
    )
    assert client.get("/reports/item10?state=SVN&cycle=4").status_code == 200
    review = ctx.scalar(select(Review))
    # A review's old address leads to the list of its recommendations, filtered the same way.
    response = client.get(f"/reviews/{review.id}")
    assert (
        response.status_code == 302
        and response.headers["Location"] == "/recommendations?state=SVN&cycle=4"
    )
    education = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        # 36 by the education rule (core/education.py), where the 45 under the theme or SDG 4 were counted.
        "36 recommendations on the right to education match." in education
        and "Page 1 of 2" in education
    )
    everything = client.get(f"/reviews/{review.id}?education=0", follow_redirects=True).get_data(
        as_text=True
    )
    assert "254 recommendations match." in everything


def test_missing_review_is_a_404_page(client, ctx):
    response = client.get("/reviews/999999")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_overview_shows_each_reviews_progress_by_status(runner, client, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE4)
    recs = ctx.scalars(select(Recommendation).order_by(Recommendation.id)).all()
    for rec in recs[:3]:
        rec.status = "planned"
    recs[3].status = "fully_implemented"
    recs[4].status = "fully_implemented"
    recs[5].published = False  # the overview counts what the public sees
    recs[5].status = "in_progress"
    ctx.commit()
    page = client.get("/").get_data(as_text=True)
    figures = dict(
        re.findall(
            r'status-(\w+)">[^<]+</span></th>\s*<td class="number"><a href="[^"]*">(\d+)<', page
        )
    )
    assert figures == {
        "not_started": "248",
        "planned": "3",
        "in_progress": "0",
        "partially_implemented": "0",
        "fully_implemented": "2",
    }
    assert "253 recommendations" in page and "2 of 253 fully implemented (1%)" in page
    # The bar draws the statuses in their order: each part starts where the one before it ends.
    bar = re.search(r'<svg class="progress-bar".*?</svg>', page, re.S).group(0)
    parts = re.findall(
        r'<rect x="([\d.]+)" y="0" width="([\d.]+)" height="10"\s+fill="(#\w+)"', bar
    )
    assert [colour for _, _, colour in parts] == [
        Status.NOT_STARTED.chart_colour,
        Status.PLANNED.chart_colour,
        Status.FULLY_IMPLEMENTED.chart_colour,
    ]
    assert abs(float(parts[1][0]) - 100 * 248 / 253) < 0.01
    assert abs(float(parts[2][0]) + float(parts[2][1]) - 100) < 0.01
    assert (
        'href="/recommendations?education=0&amp;status=planned&amp;state=SVN&amp;cycle=4"' in page
    )
