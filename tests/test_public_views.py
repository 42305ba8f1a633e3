"""The public overview lists reviews and links each to the list of its recommendations."""

from sqlalchemy import select

from tests.test_import_command import CYCLE4, run_import
from uprtrack.models import Review


def test_overview_and_review_pages(runner, client, ctx, tmp_path):
    assert "No recommendations yet." in client.get("/").get_data(as_text=True)
    run_import(runner, tmp_path, CYCLE4)
    page = client.get("/").get_data(as_text=True)
    assert "Slovenia" in page and ">254</a></td>" in page and ">36</a></td>" in page
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
