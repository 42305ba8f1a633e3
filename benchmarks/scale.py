"""uprtrack's pages at the scale of OHCHR's whole index, each beside a bare floor, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/scale.py [--n 300000] [--databases sqlite postgresql] [--requests 20]

For each database it builds the data set of benchmarks/dataset.py (N recommendations with their themes, SDGs,
recommending States, status changes and assignments) through the migrations and the reference data, and prints
how long that took. Then every case is requested `--requests` times from uprtrack as the public reads it, and as
many times from its floor: a bare Flask app (no extension, no login, no form) whose one view runs the same SQL on
the same database through a bare engine and renders the rows it gets in a template of a few lines. The floor of a
list is the list's own query for its page, as uprtrack builds it, with no count; of a record, the record with its
review and State; of the dashboard and the item 10 report, the count of one review's recommendations by position
and status. Each line gives p50 and p95 in milliseconds, the floor's, and the ratio of the p95s.

PostgreSQL is the server of UPRTRACK_BENCH_POSTGRESQL (postgresql://postgres@127.0.0.1:5432/postgres by
default); the benchmark creates a database of its own there and drops it when done.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dataset import NOWHERE, RARE_WORD, populate
from floor import FIGURES, ROWS, floor_app

from uprtrack import create_app
from uprtrack.config import PROJECT_ROOT, database_url
from uprtrack.extensions import db
from uprtrack.models import Recommendation, Review, State
from uprtrack.recommendations.filters import Filters, list_query
from uprtrack.seed import reference

LISTS = {
    "list, default (education, page 1)": {},
    "list, page 40 by key (next page after page 39)": {"page": "40", "after": "AFTER"},
    "filter by position, all": {"position": "supported", "education": "0"},
    "filter by theme, all": {"theme": "THEME", "education": "0"},
    "filter by SDG 4 target (goal 4)": {"sdg": "4"},
    "filter by recommending State, all": {"recommending": "STATE", "education": "0"},
    "filter: theme + status, latest change first": {
        "theme": "THEME",
        "status": "in_progress",
        "education": "0",
        "sort": "changed",
    },
    "one review, by paragraph": {
        "state": "SVN",
        "cycle": "4",
        "education": "0",
        "sort": "paragraph",
    },
    "search 'education', all": {"q": "education", "education": "0"},
    f"search '{RARE_WORD}' (1 text in 10,000), all": {"q": RARE_WORD, "education": "0"},
    f"search '{NOWHERE}' (in no text), all": {"q": NOWHERE, "education": "0"},
    "search a paragraph id '140.31', all": {"q": "140.31", "education": "0"},
    "search 'education', best match first": {
        "q": "education",
        "education": "0",
        "sort": "relevance",
    },
    f"search '{RARE_WORD}', best match first": {
        "q": RARE_WORD,
        "education": "0",
        "sort": "relevance",
    },
}


def literal(statement, engine: Engine) -> str:
    return str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))


def timings(client, url: str, requests: int) -> list[float]:
    for _ in range(2):  # warm: compiled statements, templates, the database's pages
        assert client.get(url).status_code == 200, url
    found = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        found.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        response.close()
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def build(url: str, n: int):
    """The app on a new database at `url`, migrated, with the reference data and the data set; and its ids."""
    url = database_url(url)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        start = time.perf_counter()
        upgrade()
        reference.load_reference(db.session, PROJECT_ROOT / "seed")
        db.session.commit()
        ids = populate(n, random.Random(45_32))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
        seconds = time.perf_counter() - start
        print(f"\n{db.engine.dialect.name}: {n:,} recommendations built in {seconds:.1f} s")
    return app, ids


@contextmanager
def postgresql_database():
    """The URL of a database of its own on the benchmark's PostgreSQL server, dropped when done."""
    server = make_url(
        os.environ.get("UPRTRACK_BENCH_POSTGRESQL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    name = f"uprtrack_bench_{os.getpid()}"
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def run(url: str, n: int, requests: int) -> None:
    app, ids = build(url, n)
    url = database_url(url)
    with app.app_context():
        engine = db.engine
        svn4 = db.session.scalar(
            select(Review.id).join(State).where(State.iso3 == "SVN", Review.cycle == 4)
        )
        record = db.session.scalar(
            select(func.min(Recommendation.id)).where(Recommendation.review_id == svn4)
        )
        after = db.session.scalar(
            list_query(Filters(), published_only=True)
            .with_only_columns(Recommendation.id)
            .offset(39 * 25 - 1)
            .limit(1)
        )
        ids["AFTER"] = str(after)
        cases, sql = [], {}
        with app.test_request_context():
            for label, args in LISTS.items():
                args = {key: ids.get(value, value) for key, value in args.items()}
                filters = Filters.from_args(args)
                query = list_query(filters, published_only=True)
                if filters.after:
                    query = query.where(Recommendation.id > filters.after)
                elif filters.page > 1:
                    query = query.offset((filters.page - 1) * filters.per_page)
                sql[str(len(cases))] = (literal(query.limit(filters.per_page), engine), ROWS)
                query_string = "&".join(f"{k}={v}" for k, v in args.items())
                cases.append((label, f"/recommendations?{query_string}"))
            sql[str(len(cases))] = (
                literal(
                    select(
                        Recommendation.id,
                        Review.cycle,
                        Recommendation.paragraph,
                        Recommendation.text,
                        State.name,
                        Recommendation.status,
                    )
                    .join(Review, Recommendation.review_id == Review.id)
                    .join(State, Review.state_id == State.id)
                    .where(Recommendation.id == record),
                    engine,
                ),
                ROWS,
            )
            cases.append(("a recommendation's page", f"/recommendations/{record}"))
            figures = literal(
                select(Recommendation.position, Recommendation.status, func.count())
                .where(Recommendation.review_id == svn4, Recommendation.published.is_(True))
                .group_by(Recommendation.position, Recommendation.status),
                engine,
            )
            for label, path in (
                ("dashboard of one review", "/dashboard?state=SVN&cycle=4&education=0"),
                ("item 10 report of one review", "/reports/item10?state=SVN&cycle=4"),
            ):
                sql[str(len(cases))] = (figures, FIGURES)
                cases.append((label, path))
    client, bare = app.test_client(), floor_app(create_engine(url), sql).test_client()
    print(f"{'case':52} {'p50':>7} {'p95':>7}   {'floor p50':>9} {'p95':>7}   {'ratio':>6}")
    for number, (label, path) in enumerate(cases):
        ours = timings(client, path, requests)
        floor = timings(bare, f"/{number}", requests)
        print(
            f"{label:52} {statistics.median(ours):7.1f} {p95(ours):7.1f}   "
            f"{statistics.median(floor):9.1f} {p95(floor):7.1f}   {p95(ours) / p95(floor):5.1f}x"
        )
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    options = parser.parse_args()
    if "sqlite" in options.databases:
        with tempfile.TemporaryDirectory(prefix="uprtrack-bench-") as folder:
            run(f"sqlite:///{folder}/bench.sqlite", options.n, options.requests)
    if "postgresql" in options.databases:
        with postgresql_database() as url:
            run(url, options.n, options.requests)


if __name__ == "__main__":
    main()
