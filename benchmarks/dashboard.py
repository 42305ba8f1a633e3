"""Time the dashboard on the demo data: the first view (charts drawn) and the repeated views (charts cached).

    .venv/bin/python benchmarks/dashboard.py [--repeat 5]

It builds a temporary SQLite database through the migrations, the reference data and the demo data (as
`flask seed --demo` does), then times the page together with every chart image it references, first with an empty
cache and then repeated, beside a bare floor: a Flask view that runs the same figures' queries and sends no chart.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from html import unescape

from flask_migrate import upgrade

from uprtrack import create_app
from uprtrack.config import PROJECT_ROOT
from uprtrack.core.visibility import published_only
from uprtrack.extensions import db
from uprtrack.reporting.chart_cache import IMAGES
from uprtrack.reporting.figures import chosen_scope
from uprtrack.reporting.views.dashboard import CHARTS
from uprtrack.seed import demo, reference

IMAGE = re.compile(r'<img src="([^"]+)"')


def bare_figures():
    """The floor: the figures of every chart, as the dashboard queries them, and no page or chart."""
    from flask import request
    from flask_login import current_user

    scope, _missing = chosen_scope(db.session, request.args, published_only(current_user))
    tables = [chart.table(scope) for chart in CHARTS.values()]
    return str(sum(len(table.rows) for table in tables))


def page_with_images(client, url: str) -> float:
    start = time.perf_counter()
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    images = [unescape(src) for src in IMAGE.findall(page.get_data(as_text=True))]
    assert images, "the page references no chart"
    for src in images:
        response = client.get(src)
        assert response.status_code == 200, (src, response.status_code)
    return (time.perf_counter() - start) * 1000


def timed(run, repeat: int) -> float:
    return statistics.median(run() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uprtrack-bench-") as folder:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench"}
        )
        app.add_url_rule("/bench/bare-figures", "bare_figures", bare_figures)
        with app.app_context():
            upgrade()
            reference.load_reference(db.session, PROJECT_ROOT / "seed")
            demo.load_demo(db.session, PROJECT_ROOT / "seed")
            db.session.commit()
        client = app.test_client()
        for query in ("education=1", "education=0"):
            url = f"/dashboard?{query}"
            IMAGES.clear()
            first = page_with_images(client, url)
            repeated = timed(lambda url=url: page_with_images(client, url), options.repeat)
            floor = timed(lambda q=query: _bare(client, q), options.repeat)
            print(
                f"{url:<28} first {first:8.0f} ms   repeated {repeated:6.0f} ms   "
                f"bare floor {floor:6.0f} ms   repeated/floor {repeated / floor:5.1f}"
            )
        with app.app_context():
            db.engine.dispose()


def _bare(client, query: str) -> float:
    start = time.perf_counter()
    assert client.get(f"/bench/bare-figures?{query}").status_code == 200
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
