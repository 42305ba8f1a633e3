"""Names are compared by trigrams as PostgreSQL's pg_trgm compares them, on both engines: the figures below are
what `SELECT similarity(a, b)` gave on PostgreSQL 15 with pg_trgm 1.6, and the test's own database must give them
too (SQLite through the function every connection is given, PostgreSQL through pg_trgm itself)."""

import pytest
from sqlalchemy import func, select

from uprtrack.core.trigrams import similarity
from uprtrack.extensions import db

PG_TRGM = [
    ("Slovnia", "Slovenia", 0.545455),
    ("Slovenia", "Slovakia", 0.384615),
    ("Roma", "Romania", 0.444444),
    ("costa rica", "Costa-Rica", 1.0),
    ("Türkiye", "Turkiye", 0.454545),
    ("Côte d'Ivoire", "cote divoire", 0.421053),
    ("Bosnia and Herzegovina", "bosnia", 0.304348),
    ("a_b", "a b", 1.0),
    ("x", "Slovenia", 0.0),
    ("UK", "United Kingdom", 0.058824),
    ("Ελλάδα", "ελλαδα", 0.4),
    ("中国", "中华", 0.2),
]


@pytest.mark.parametrize(("left", "right", "expected"), PG_TRGM)
def test_names_are_as_alike_as_pg_trgm_says(app, left, right, expected):
    assert similarity(left, right) == pytest.approx(expected, abs=1e-6)
    with app.app_context():
        found = db.session.scalar(select(func.similarity(left, right)))
    assert found == pytest.approx(expected, abs=1e-6)


def test_null_and_empty_texts(app):
    assert similarity(None, "Slovenia") is None and similarity("", "") == 0.0
    with app.app_context():
        assert db.session.scalar(select(func.similarity(None, "Slovenia"))) is None
