"""Import a UPR Info export of N rows with `flask --app uprtrack import`, beside a bare floor, on SQLite.

    .venv/bin/python benchmarks/import_upr_info.py [--sizes 100000 300000] [--database postgresql]

It writes an export of the UPR Info database's shape (`SuR, Rgrp, Org, Recommendation, RS, Rgrp, Org, Response,
Action, Issue, Session`, one row per recommending State, so a recommendation made by three States is three rows)
with texts drawn from benchmarks/words.py, States from seed/states.csv and sessions 1-46. Then, each in a process
of its own, timed as a whole process with its peak memory (the child's maximum resident set size):

- uprtrack: `flask --app uprtrack import FILE --kind upr-info` on a new database, migrated and holding the
  reference data (not timed). It reads, checks and joins every row, finds or creates each review, and writes the
  recommendations with their recommending States, issues, position and its dated change.
- the floor: pandas reads the same file, and sqlite3's executemany writes its rows to one table of the same
  columns, in one transaction.

It prints rows a second, seconds and peak MB for both, and the ratios.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from words import WORDS

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "uprtrack"]
ISSUES = (
    "Right to education",
    "Rights of the Child",
    "Women's rights",
    "Persons with disabilities",
    "Labour",
    "Right to health",
    "Minorities",
    "Human rights education and training",
    "Poverty",
    "Racial discrimination",
)
RESPONSES = ("Accepted", "Noted", "Accepted", "Supported", "Noted")
HEADER = [
    "SuR",
    "Rgrp",
    "Org",
    "Recommendation",
    "RS",
    "Rgrp",
    "Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]
FLOOR = """
import sqlite3, sys
import pandas
frame = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
connection = sqlite3.connect(sys.argv[2])
connection.execute("create table row (" + ", ".join(f"c{i} text" for i in range(len(frame.columns))) + ")")
with connection:
    connection.executemany(
        "insert into row values (" + ", ".join("?" * len(frame.columns)) + ")",
        frame.itertuples(index=False, name=None),
    )
print(connection.execute("select count(*) from row").fetchone()[0])
"""


def states() -> list[tuple[str, str]]:
    """(name, regional group) of every State of the reference data."""
    with open(ROOT / "seed" / "states.csv", encoding="utf-8") as file:
        return [(row["name"], row["regional_group"]) for row in csv.DictReader(file)]


def write_export(path: Path, n: int, rng: random.Random) -> None:
    """A UPR Info export of n rows: recommendations of 1-3 recommending States each, a row per State."""
    known = states()
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(HEADER)
        while written < n:
            reviewed, group = rng.choice(known)
            text = (
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."
            )
            response = rng.choice(RESPONSES)
            action = str(rng.randint(1, 5))
            issues = ",".join(rng.sample(ISSUES, rng.randint(1, 3)))
            session = str(rng.randint(1, 46))
            for recommending, its_group in rng.sample(known, rng.randint(1, 3)):
                if written == n:
                    break
                out.writerow(
                    [
                        reviewed,
                        group,
                        "",
                        text,
                        recommending,
                        its_group,
                        "",
                        response,
                        action,
                        issues,
                        session,
                    ]
                )
                written += 1


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return its wall time in seconds and its peak resident memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return seconds, usage.ru_maxrss / 1024


def measure(n: int, folder: Path, database: str | None) -> None:
    export = folder / f"upr-info-{n}.csv"
    write_export(export, n, random.Random(n))
    url = database or f"sqlite:///{folder / f'uprtrack-{n}.sqlite'}"
    env = {**os.environ, "UPRTRACK_DATABASE_URL": url, "UPRTRACK_SECRET_KEY": "bench"}
    for step in (["db", "upgrade"], ["seed"]):
        subprocess.run([*FLASK, *step], env=env, cwd=ROOT, check=True, capture_output=True)
    app_seconds, app_mb = timed([*FLASK, "import", str(export), "--kind", "upr-info"], env)
    floor_seconds, floor_mb = timed(
        [sys.executable, "-c", FLOOR, str(export), str(folder / f"floor-{n}.sqlite")]
    )
    print(
        f"{n:>9,} rows  uprtrack {n / app_seconds:>8,.0f} rows/s {app_seconds:6.1f} s {app_mb:6.0f} MB"
        f"  | floor {n / floor_seconds:>8,.0f} rows/s {floor_seconds:5.1f} s {floor_mb:5.0f} MB"
        f"  | {app_seconds / floor_seconds:4.1f}x time, {app_mb / floor_mb:4.1f}x memory",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL for uprtrack's side (an empty database: it is migrated); SQLite by default",
    )
    args = parser.parse_args()
    print(
        "UPR Info export imported: uprtrack's import command against pandas + sqlite3 executemany"
    )
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            measure(n, Path(folder), args.database)


if __name__ == "__main__":
    main()
