"""Pages of a long list read by key past a capped count, on Slovenia's three real matrices (core.paging)."""

import html
import re

import pytest
from sqlalchemy import event, func, select

from tests.test_recommendations_views import data, shown_ids  # noqa: F401  (the matrices of the list's tests)
from uprtrack.core.paging import count_capped, read_page
from uprtrack.models import Recommendation
from uprtrack.recommendations import pages
from uprtrack.recommendations.filters import Filters, list_query


def every_id(session) -> list[int]:
    return session.scalars(select(Recommendation.id).order_by(Recommendation.id)).all()


def test_count_stops_at_the_cap(data):
    query = list_query(Filters(education=False), published_only=False)
    total = data.scalar(select(func.count(Recommendation.id)))
    assert total > 200
    assert count_capped(data, query, cap=100) == 101
    assert count_capped(data, query, cap=total + 5) == total


def test_reading_by_key_gives_every_row_once_in_order(data):
    query = list_query(Filters(education=False), published_only=False)
    seen, after, number = [], None, 1
    while True:
        page = read_page(
            data, query, page=number, per_page=50, key=Recommendation.id, after=after, cap=100
        )
        assert page.more_than_cap and page.total is None
        seen += [rec.id for rec in page.items]
        if not page.has_next:
            break
        after, number = page.last_key, number + 1
    assert seen == every_id(data)
    back = read_page(data, query, page=2, per_page=50, key=Recommendation.id, before=seen[100])
    assert [rec.id for rec in back.items] == seen[50:100] and back.has_next and back.has_prev


def test_the_list_past_its_count_links_pages_by_key(client, data, monkeypatch):
    monkeypatch.setattr(pages, "BULK_LIMIT", 100)  # the list counts as far as the bulk step goes
    first = client.get("/recommendations?education=0&per_page=100").get_data(as_text=True)
    assert "More than 100 recommendations match." in first and "Last page" not in first
    seen, link = shown_ids(first), first
    while (found := re.search(r'href="([^"]+)" rel="next"', link)) is not None:
        url = html.unescape(found.group(1))
        assert f"after={seen[-1]}" in url
        link = client.get(url).get_data(as_text=True)
        seen += shown_ids(link)
    assert seen == every_id(data)
    previous = html.unescape(re.search(r'href="([^"]+)" rel="prev"', link).group(1))
    assert (
        shown_ids(client.get(previous).get_data(as_text=True))
        == seen[-len(shown_ids(link)) - 100 :][:100]
    )


@pytest.mark.parametrize("sort", ["paragraph", "status", "changed"])
def test_other_orders_stop_at_the_count(client, data, monkeypatch, sort):
    monkeypatch.setattr(pages, "BULK_LIMIT", 100)
    past = client.get(f"/recommendations?education=0&sort={sort}&page=5").get_data(as_text=True)
    assert "shown in the order of the matrix only" in past and shown_ids(past) == []
    within = client.get(f"/recommendations?education=0&sort={sort}&page=4").get_data(as_text=True)
    assert len(shown_ids(within)) == 25 and "Page 4</span>" in within


def test_a_first_page_that_holds_every_match_is_not_counted_again(data):
    statements = []
    engine = data.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        query = list_query(Filters(education=False, q="Roma"), published_only=False)
        page = read_page(data, query, page=1, per_page=100)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert 0 < page.total == len(page.items) < 100 and not page.has_next
    assert len(statements) == 1 and "count(" not in statements[0]
