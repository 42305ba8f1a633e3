"""The public overview lists reviews and pages through a review's recommendations on the server."""
from sqlalchemy import select

from uprtrack.models import Review
from tests.test_import_command import CYCLE4, run_import


def test_overview_and_review_pages(runner, client, ctx, tmp_path):
    assert "No recommendations yet." in client.get("/").get_data(as_text=True)
    run_import(runner, tmp_path, CYCLE4)
    page = client.get("/").get_data(as_text=True)
    assert "Slovenia" in page and ">254</td>" in page and ">45</td>" in page
    review = ctx.scalar(select(Review))
    education = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "45 recommendations" in education and "Page 1 of 1" in education
    everything = client.get(f"/reviews/{review.id}?education=0&page=2").get_data(as_text=True)
    assert "254 recommendations" in everything and "Page 2 of 6" in everything


def test_missing_review_is_a_404_page(client, ctx):
    response = client.get("/reviews/999999")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
