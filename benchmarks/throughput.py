"""Requests a second of the recommendations list under many clients: uprtrack on gunicorn beside the bare floor on
gunicorn, both on the same PostgreSQL database.

    .venv/bin/pip install -e '.[serve]'      # gunicorn, as docs/deployment.md serves the app
    .venv/bin/python benchmarks/throughput.py [--n 300000] [--clients 50] [--seconds 10] [--workers 4]

It builds the data set of benchmarks/scale.py in a PostgreSQL database of its own, then serves uprtrack
(`uprtrack:create_app()`) and the floor (`floor:from_environment()`, the list's own SQL for its first page) in turn
with gunicorn on 127.0.0.1, and sends them the default list (the public's first page) from `--clients` threads
on keep-alive connections for `--seconds` seconds each. It prints the requests a second of both and their ratio.
Traffic goes to 127.0.0.1 only, bounded by the time given.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from floor import ROWS  # noqa: E402
from scale import build, literal, postgresql_database  # noqa: E402

from uprtrack.config import PROJECT_ROOT, database_url  # noqa: E402
from uprtrack.extensions import db  # noqa: E402
from uprtrack.recommendations.filters import Filters, list_query  # noqa: E402

PATH = "/recommendations"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: str, port: int, workers: int, env: dict, chdir: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(chdir),
            "--log-level",
            "warning",
            app,
        ],
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/" if "floor" in app else PATH)
            connection.getresponse().read()
            connection.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{app} did not answer on port {port}")


def load(port: int, path: str, clients: int, seconds: float) -> float:
    """Requests a second answered 200 by the server on `port`, from `clients` threads for `seconds`."""
    done, failed = [0] * clients, []
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed.append(response.status)
                break
            done[number] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise SystemExit(f"the server answered {failed[0]}")
    return sum(done) / (time.monotonic() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    with postgresql_database() as url, tempfile.TemporaryDirectory() as folder:
        app, _ids = build(url, options.n)
        with app.test_request_context():
            statement = list_query(Filters(), published_only=True).limit(Filters().per_page)
            sql = literal(statement, db.engine)
        with app.app_context():
            db.engine.dispose()
        cases = Path(folder) / "floor.json"
        cases.write_text(json.dumps({"0": [sql, ROWS]}), encoding="utf-8")
        figures = {}
        for name, target, env, chdir, path in (
            (
                "uprtrack",
                "uprtrack:create_app()",
                {"UPRTRACK_DATABASE_URL": url, "UPRTRACK_SECRET_KEY": "bench"},
                PROJECT_ROOT,
                PATH,
            ),
            (
                "floor",
                "floor:from_environment()",
                {
                    "UPRTRACK_FLOOR_DATABASE_URL": database_url(url),
                    "UPRTRACK_FLOOR_SQL": str(cases),
                },
                HERE,
                "/0",
            ),
        ):
            port = free_port()
            server = serve(target, port, options.workers, env, chdir)
            try:
                load(port, path, options.clients, 2)  # warm every worker
                figures[name] = load(port, path, options.clients, options.seconds)
            finally:
                server.terminate()
                server.wait(timeout=30)
        print(
            f"list throughput, gunicorn {options.workers} workers + PostgreSQL, "
            f"{options.clients} clients: uprtrack {figures['uprtrack']:.0f} req/s, "
            f"floor {figures['floor']:.0f} req/s, "
            f"{figures['uprtrack'] / figures['floor']:.0%} of the floor"
        )


if __name__ == "__main__":
    main()
