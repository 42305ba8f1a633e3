"""Time the recommendations list on a large database: N recommendations in a temporary SQLite file.

    .venv/bin/python benchmarks/list_recommendations.py [--n 20000] [--repeat 5]

It builds the database through the migrations and the reference data, inserts N recommendations spread over many
States and cycles (with themes, SDGs, groups, recommending States and assignments), then prints the median time of
the list's query (count and one page, as `db.paginate` runs them) and of the whole page, for typical filters.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, select

from uprtrack import create_app
from uprtrack.config import PROJECT_ROOT
from uprtrack.core.vocabulary import OrganisationKind, Position, Status
from uprtrack.extensions import db
from uprtrack.models import Assignment, Organisation, Recommendation, Review, Sdg, State, Theme
from uprtrack.models.recommendations import (
    recommendation_sdgs,
    recommendation_themes,
    recommending_states,
)
from uprtrack.recommendations.filters import Filters, list_query
from uprtrack.recommendations.pages import LIST_LOADS
from uprtrack.seed import reference as seed

WORDS = (
    "ensure",
    "inclusive",
    "education",
    "quality",
    "access",
    "girls",
    "children",
    "disabilities",
    "Roma",
    "minorities",
    "teachers",
    "schools",
    "rural",
    "refugees",
    "strengthen",
    "measures",
    "budget",
    "legislation",
    "discrimination",
    "curriculum",
    "human",
    "rights",
    "training",
    "primary",
    "secondary",
    "free",
    "continue",
)
CASES = {
    "default list (education only, page 1)": {},
    "one review (State + cycle), all, by paragraph": {
        "state": "SVN",
        "cycle": "4",
        "education": "0",
        "sort": "paragraph",
    },
    "theme + status, all, latest change first": {
        "theme": "THEME",
        "status": "in_progress",
        "education": "0",
        "sort": "changed",
    },
    "overdue, responsible institution, page 3": {"overdue": "1", "institution": "ORG", "page": "3"},
    "full-text search 'roma girls', all": {"q": "roma girls", "education": "0"},
    "full-text search 'ombudsperson' (in no text), all": {"q": "ombudsperson", "education": "0"},
    "full-text search 'curriculum', all, 100 a page": {
        "q": "curriculum",
        "education": "0",
        "per_page": "100",
    },
}


def populate(n: int, rng: random.Random) -> dict[str, str]:
    """Insert n recommendations; return the ids the filter cases name."""
    states = db.session.scalars(select(State).order_by(State.id)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    sdgs = db.session.scalars(select(Sdg.code)).all()
    org = Organisation(name="Ministry of Education", kind=OrganisationKind.MINISTRY)
    db.session.add(org)
    reviews = [
        Review(state=state, cycle=cycle, session=40 + cycle)
        for state in states[: n // 250 + 1]
        for cycle in (2, 3, 4)
    ]
    reviews.insert(
        0,
        Review(
            state=db.session.scalar(select(State).where(State.iso3 == "SVN")), cycle=4, session=48
        ),
    )
    reviews = list({(r.state.id, r.cycle): r for r in reversed(reviews)}.values())
    db.session.add_all(reviews)
    db.session.flush()
    recs, theme_links, sdg_links, rs_links, assignments = [], [], [], [], []
    for i in range(n):
        review = reviews[i % len(reviews)]
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        education = rng.random() < 0.2
        recs.append(
            {
                "id": i + 1,
                "review_id": review.id,
                "paragraph": f"{100 + i // 400}.{i % 400 + 1}",
                "text": text,
                "text_key": f"k{i}",
                "position": rng.choice((Position.SUPPORTED, Position.NOTED)),
                "status": rng.choice(Status.codes()),
                "education": education,
                "education_derived": education,
                "published": True,
                "version": 1,
                "status_date": date(2024, 1, 1) + timedelta(days=i % 700),
            }
        )
        theme_links += [
            {"recommendation_id": i + 1, "theme_id": t.id} for t in rng.sample(themes, 2)
        ]
        if education:
            sdg_links.append({"recommendation_id": i + 1, "sdg_code": "4"})
        sdg_links += [
            {"recommendation_id": i + 1, "sdg_code": c} for c in rng.sample(sdgs, 1) if c != "4"
        ]
        rs_links += [{"recommendation_id": i + 1, "state_id": s.id} for s in rng.sample(states, 2)]
        if rng.random() < 0.25:
            assignments.append(
                {
                    "recommendation_id": i + 1,
                    "organisation_id": org.id,
                    "due_date": date(2025, 1, 1) + timedelta(days=rng.randint(0, 900)),
                }
            )
    for table, rows in (
        (Recommendation.__table__, recs),
        (recommendation_themes, theme_links),
        (recommendation_sdgs, sdg_links),
        (recommending_states, rs_links),
        (Assignment.__table__, assignments),
    ):
        db.session.execute(insert(table), rows)
    db.session.commit()
    return {"THEME": str(themes[0].id), "ORG": str(org.id)}


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uprtrack-bench-") as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            upgrade()
            seed.load_reference(db.session, PROJECT_ROOT / "seed")
            db.session.commit()
            start = time.perf_counter()
            ids = populate(options.n, random.Random(45_32))
            print(f"{options.n} recommendations inserted in {time.perf_counter() - start:.1f} s")
        report(app, ids, options.repeat)
        with app.app_context():
            db.engine.dispose()


def report(app, ids: dict[str, str], repeat: int) -> None:
    client = app.test_client()
    print(f"{'case':52} {'matches':>8} {'query ms':>9} {'page ms':>8}")
    for label, args in CASES.items():
        args = {k: ids.get(v, v) for k, v in args.items()}
        filters = Filters.from_args(args)

        def query(filters=filters):
            return db.paginate(
                list_query(filters, published_only=True).options(*LIST_LOADS),
                page=filters.page,
                per_page=filters.per_page,
                error_out=False,
            )

        with app.test_request_context():
            total = query().total
            query_ms = timed(query, repeat)
        page_ms = timed(lambda args=args: client.get("/recommendations", query_string=args), repeat)
        print(f"{label:52} {total:>8} {query_ms:>9.1f} {page_ms:>8.1f}")


if __name__ == "__main__":
    main()
