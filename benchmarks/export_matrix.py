"""Time the matrix's spreadsheet exports and measure their memory, on synthetic rows or on a seeded database.

    .venv/bin/python benchmarks/export_matrix.py [--sizes 10000 100000]      # synthetic rows, every writer
    .venv/bin/python benchmarks/export_matrix.py --db [--n 10000 300000]     # from the database, end to end

Synthetic mode builds MatrixRows of realistic length (300-character text, 3 themes, 2 evidence items, ...) with
Matrix.from_rows and writes them as XLSX, CSV and ODS (ODS only up to --ods-up-to rows, 10,000 by default: odfpy holds
the whole document in memory, which is why matrix_ods.MAX_ROWS bounds it), next to a bare XlsxWriter write of the same
rows (constant_memory, write_row only) and a bare csv module write, with the ratio to each. Each measurement runs in
a subprocess of its own, so peaks are separate:
once untraced for the wall time and the peak RSS (resource.getrusage maxrss), once under tracemalloc for the Python
heap's peak while writing (the rows themselves, held by from_rows, are reported apart as "rows MB").

Database mode builds the benchmarks' data set (benchmarks/dataset.py, with a status change, two actions, two voices
and a pledge, assistance and evidence record for every ten recommendations) in a temporary SQLite file, then exports
every recommendation end to end, each in a process of its own: as uprtrack does (build_matrix, which reads chunks,
then its CSV or XLSX writer), and as the floor does: one statement streamed from a server-side cursor (the main
columns, every list joined by the database) into a bare csv writer or a bare XlsxWriter. It prints the wall time,
the peak RSS and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from words import WORDS

CLUSTERS = 25


def sentence(rng: random.Random, length: int) -> str:
    words, size = [], 0
    while size < length:
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    return " ".join(words)[:length]


CHINESE_ACTION = "2026-01-15: 教育部发布了全纳教育指南，并为罗姆儿童开设了学前班"
ARABIC_ACTION = "2026-02-15: نشرت الوزارة دليل التعليم الشامل للمدارس الابتدائية"


def synthetic_matrix(n: int, seed: int = 4532, scripts: bool = False):
    """A matrix of n rows of realistic length, clustered, with a pledge, assistance and evidence record per 10;
    with `scripts`, each row's actions also hold a Chinese and an Arabic one (as in the tests' 140.31)."""
    from uprtrack.core.vocabulary import Status
    from uprtrack.reporting.matrix.columns import LinkedRecord, MatrixMeta, MatrixRow
    from uprtrack.reporting.matrix.rows import Matrix

    rng = random.Random(seed)
    rows, linked = [], []
    for i in range(n):
        status = rng.choice(Status.codes())
        rec_id = f"{100 + i // 400}.{i % 400 + 1}"
        cells = {
            "id": rec_id,
            "document": "A/HRC/59/15",
            "state": "Slovenia",
            "cycle": "4",
            "text": sentence(rng, 300),
            "recommending": [sentence(rng, 12).title() for _ in range(2)],
            "position": "Supported",
            "themes": [sentence(rng, 40) for _ in range(3)],
            "groups": [sentence(rng, 15) for _ in range(2)],
            "sdgs": ["4.1", "4.5"],
            "institutions": ["Ministry of Education, due 2026-06-30"],
            "status": status.replace("_", " ").title(),
            "status_date": date(2024, 1, 1) + timedelta(days=i % 700),
            "justification": sentence(rng, 120),
            "actions": [f"2025-0{k + 1}-15: {sentence(rng, 150)}" for k in range(2)]
            + ([CHINESE_ACTION, ARABIC_ACTION] if scripts else []),
            "pledges": [sentence(rng, 120)],
            "assistance_received": [sentence(rng, 140)],
            "assistance_needed": [sentence(rng, 140)],
            "evidence": [
                f"Law: {sentence(rng, 60)} (2025-03-01) https://example.org/e/{i}-{k}"
                for k in range(2)
            ],
            "nhri": [f"Ombudsman: Limited progress (2026-03-01) {sentence(rng, 150)}"],
            "cso": [f"Network: No progress (2026-03-02) {sentence(rng, 150)}"],
        }
        rows.append(
            MatrixRow(
                i + 1,
                f"Cluster {i * CLUSTERS // n:02d}",
                status,
                f"https://uprtrack.example/r/{i + 1}",
                cells,
            )
        )
        if i % 10 == 0:
            ids = [rec_id]
            linked += [
                LinkedRecord(
                    "pledge",
                    i,
                    {
                        "text": sentence(rng, 200),
                        "made_on": date(2024, 5, 1),
                        "source": "National report",
                        "follow_up": sentence(rng, 80),
                    },
                    ids,
                ),
                LinkedRecord(
                    "assistance",
                    i,
                    {
                        "title": sentence(rng, 60),
                        "direction": "Received",
                        "status": "Delivered",
                        "provider": "UNICEF",
                        "fund": "VFTFA",
                        "kind": "Training",
                        "amount": 12500.5 + i,
                        "currency": "EUR",
                        "start_date": date(2024, 1, 1),
                        "end_date": date(2025, 1, 1),
                        "outcome": sentence(rng, 100),
                    },
                    ids,
                ),
                LinkedRecord(
                    "evidence",
                    i,
                    {
                        "title": sentence(rng, 60),
                        "kind": "Law",
                        "date": date(2025, 3, 1),
                        "source": "Official Gazette",
                        "link": f"https://example.org/e/{i}",
                    },
                    ids,
                ),
            ]
    meta = MatrixMeta(
        title="UPR progress matrix: benchmark",
        state="Slovenia",
        cycles="Cycle 4",
        selection="All themes",
        created=datetime.now(UTC),
        public=True,
        rows=n,
    )
    return Matrix.from_rows(meta, rows, linked)


def bare_xlsx(matrix, out) -> None:
    """The floor: the same rows through XlsxWriter in constant_memory mode, write_row only, no formats."""
    import xlsxwriter

    from uprtrack.reporting.matrix.columns import COLUMNS

    with tempfile.TemporaryDirectory() as tmpdir:
        book = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "tmpdir": tmpdir,
            },
        )
        sheet = book.add_worksheet()
        for number, row in enumerate(matrix.rows()):
            sheet.write_row(
                number,
                0,
                [
                    "\n".join(v) if isinstance(v, list) else v if v is not None else ""
                    for v in (row.cells[c.key] for c in COLUMNS)
                ],
            )
        book.close()


def bare_csv(matrix, out) -> None:
    """The floor of the CSV: the same rows through the csv module, lists one item a line, nothing else."""
    import csv
    import io

    from uprtrack.reporting.matrix.columns import COLUMNS

    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow([c.key for c in COLUMNS])
    for row in matrix.rows():
        writer.writerow(
            [
                "\n".join(v) if isinstance(v, list) else v if v is not None else ""
                for v in (row.cells[c.key] for c in COLUMNS)
            ]
        )
    text.flush()
    text.detach()


FLOORS = {"xlsx": "bare-xlsx", "csv": "bare-csv"}


def writer_for(fmt: str):
    if fmt == "bare-xlsx":
        return bare_xlsx
    if fmt == "bare-csv":
        return bare_csv
    module = __import__(f"uprtrack.reporting.formats.matrix_{fmt}", fromlist=["x"])
    return getattr(module, f"write_{fmt}")


def child(fmt: str, n: int, traced: bool) -> dict:
    """Run one writer on n synthetic rows in this process; return the figures as a dict."""
    from uprtrack import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.test_request_context():
        if traced:
            tracemalloc.start()
        matrix = synthetic_matrix(n)
        rows_mb = tracemalloc.get_traced_memory()[0] / 2**20 if traced else None
        if traced:
            tracemalloc.reset_peak()
        write = writer_for(fmt)
        with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as out:
            start = time.perf_counter()
            write(matrix, out)
            seconds = time.perf_counter() - start
            size = out.tell()
        figures = {
            "seconds": seconds,
            "size_mb": size / 2**20,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        if traced:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            figures.update(rows_mb=rows_mb, write_peak_mb=peak - rows_mb)
    return figures


def run_child(*args: str) -> dict:
    return json.loads(run_script("--child", *args)[-1])


def ratio_to_floor(seconds: dict[str, float], fmt: str) -> str:
    """The time of a format over its floor's, measured before it ("" for a floor itself)."""
    floor = seconds.get(FLOORS.get(fmt, ""))
    return f"{seconds[fmt] / floor:>7.2f}x" if floor else f"{'':>8}"


def synthetic(sizes: list[int], ods_up_to: int) -> None:
    print(
        f"{'rows':>7} {'writer':10} {'wall s':>7} {'maxrss MB':>10} {'rows MB':>8} {'write peak MB':>14} "
        f"{'file MB':>8} {'x floor':>8}"
    )
    for n in sizes:
        seconds = {}
        for fmt in ("bare-xlsx", "xlsx", "bare-csv", "csv", "ods"):
            if fmt == "ods" and n > ods_up_to:
                print(
                    f"{n:>7} {fmt:10} skipped: above ods_up_to ({ods_up_to:,}); odfpy builds the whole document "
                    "in memory (see MAX_ROWS in uprtrack/reporting/formats/matrix_ods.py)"
                )
                continue
            timed = run_child(fmt, str(n), "0")
            traced = run_child(fmt, str(n), "1")
            seconds[fmt] = timed["seconds"]
            ratio = ratio_to_floor(seconds, fmt)
            print(
                f"{n:>7} {fmt:10} {timed['seconds']:>7.1f} {timed['maxrss_mb']:>10.0f} {traced['rows_mb']:>8.0f} "
                f"{traced['write_peak_mb']:>14.1f} {timed['size_mb']:>8.1f} {ratio}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--ods-up-to", type=int, default=10_000, help="largest size to try ODS on")
    parser.add_argument(
        "--db", action="store_true", help="seed a temporary SQLite database and export from it"
    )
    parser.add_argument(
        "--n", type=int, nargs="+", default=[10_000], help="recommendations to seed (--db)"
    )
    parser.add_argument("--db-child", nargs=2, metavar=("PATH", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--seed-child", nargs=2, metavar=("PATH", "N"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--child", nargs=3, metavar=("FORMAT", "ROWS", "TRACED"), help=argparse.SUPPRESS
    )
    options = parser.parse_args()
    if options.child:
        fmt, n, traced = options.child
        print(json.dumps(child(fmt, int(n), traced == "1")))
    elif options.seed_child:
        path, n = options.seed_child
        print(json.dumps(seed_child(path, int(n))))
    elif options.db_child:
        print(json.dumps(db_child(*options.db_child)))
    elif options.db:
        from_database(options.n)
    else:
        synthetic(options.sizes, options.ods_up_to)


def seed_links(n: int, rng: random.Random) -> None:
    """Give the n recommendations a status history, actions, assessments, and a pledge, assistance and evidence
    record for every ten, each linked to ten recommendations."""
    from sqlalchemy import insert, select

    from uprtrack.core.vocabulary import (
        AssistanceDirection,
        AssistanceKind,
        AssistanceState,
        EvidenceKind,
        Moderation,
        OrganisationKind,
        Rating,
        Status,
    )
    from uprtrack.extensions import db
    from uprtrack.models import (
        Assessment,
        Evidence,
        ImplementationAction,
        Organisation,
        Pledge,
        Recommendation,
        Review,
        StatusChange,
        TechnicalAssistance,
    )
    from uprtrack.models.follow_up import (
        assistance_recommendations,
        evidence_recommendations,
        pledge_recommendations,
    )

    nhri = Organisation(name="Ombudsman", kind=OrganisationKind.NHRI)
    cso = Organisation(name="Education Network", kind=OrganisationKind.CSO)
    db.session.add_all([nhri, cso])
    db.session.flush()
    recs = db.session.execute(select(Recommendation.id, Recommendation.review_id)).all()
    state_of = dict(db.session.execute(select(Review.id, Review.state_id)).all())
    changes, actions, voices, pledges, assistance, evidence = [], [], [], [], [], []
    p_links, a_links, e_links = [], [], []
    for rec_id, review_id in recs:
        day = date(2025, 1, 1) + timedelta(days=rec_id % 300)
        changes.append(
            {
                "recommendation_id": rec_id,
                "status": Status.IN_PROGRESS,
                "changed_on": day,
                "note": sentence(rng, 120),
            }
        )
        actions += [
            {"recommendation_id": rec_id, "taken_on": day, "description": sentence(rng, 150)}
            for _ in range(2)
        ]
        voices += [
            {
                "recommendation_id": rec_id,
                "organisation_id": org.id,
                "rating": Rating.LIMITED_PROGRESS,
                "text": sentence(rng, 150),
                "sources": "",
                "groups_affected": "",
                "assessed_on": day,
                "moderation": Moderation.PUBLISHED,
            }
            for org in (nhri, cso)
        ]
        if rec_id % 10 == 1:
            k, state = rec_id, state_of[review_id]
            pledges.append(
                {
                    "id": k,
                    "state_id": state,
                    "text": sentence(rng, 200),
                    "text_key": f"p{k}",
                    "made_on": day,
                    "follow_up": "",
                }
            )
            assistance.append(
                {
                    "id": k,
                    "state_id": state,
                    "title": sentence(rng, 60),
                    "direction": AssistanceDirection.RECEIVED,
                    "kind": AssistanceKind.TRAINING,
                    "amount": 12500 + k,
                    "currency": "EUR",
                    "status": AssistanceState.DELIVERED,
                    "outcome": "",
                }
            )
            evidence.append(
                {
                    "id": k,
                    "state_id": state,
                    "title": sentence(rng, 60),
                    "kind": EvidenceKind.LAW,
                    "date": day,
                    "url": f"https://example.org/e/{k}",
                }
            )
        group = rec_id - (rec_id - 1) % 10
        p_links.append({"pledge_id": group, "recommendation_id": rec_id})
        a_links.append({"assistance_id": group, "recommendation_id": rec_id})
        e_links.append({"evidence_id": group, "recommendation_id": rec_id})
    for table, rows in (
        (StatusChange.__table__, changes),
        (ImplementationAction.__table__, actions),
        (Assessment.__table__, voices),
        (Pledge.__table__, pledges),
        (TechnicalAssistance.__table__, assistance),
        (Evidence.__table__, evidence),
        (pledge_recommendations, p_links),
        (assistance_recommendations, a_links),
        (evidence_recommendations, e_links),
    ):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(table), rows[start : start + 5000])
    db.session.commit()


def db_app(path: str):
    from uprtrack import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})


def seed_child(path: str, n: int) -> dict:
    """Build the data set of n recommendations, with their links, in a new SQLite file."""
    from dataset import populate
    from flask_migrate import upgrade

    from uprtrack.config import PROJECT_ROOT
    from uprtrack.extensions import db
    from uprtrack.seed import reference as seed

    with db_app(path).app_context():
        upgrade()
        seed.load_reference(db.session, PROJECT_ROOT / "seed")
        db.session.commit()
        start = time.perf_counter()
        populate(n, random.Random(4532))
        seed_links(n, random.Random(4533))
        return {"seconds": time.perf_counter() - start}


def floor_rows(connection):
    """The floor's rows: one statement, streamed from a server-side cursor, of the matrix's columns, each list
    (recommending States, themes, institutions, actions, pledges, assistance, evidence, voices) joined by the
    database."""
    from sqlalchemy import func, select

    from uprtrack.models import (
        Assessment,
        Assignment,
        Evidence,
        ImplementationAction,
        Organisation,
        Pledge,
        Recommendation,
        Review,
        State,
        StatusChange,
        TechnicalAssistance,
        Theme,
    )
    from uprtrack.models.follow_up import (
        assistance_recommendations,
        evidence_recommendations,
        pledge_recommendations,
    )
    from uprtrack.models.recommendations import recommendation_themes, recommending_states

    rec, by = Recommendation, State.__table__.alias("by")

    def joined(column, *where, source=None):
        query = select(func.group_concat(column, "\n")).where(*where)
        return (query.select_from(source) if source is not None else query).scalar_subquery()

    themes = joined(
        Theme.name,
        recommendation_themes.c.recommendation_id == rec.id,
        source=recommendation_themes.join(Theme),
    )
    states = joined(
        by.c.name,
        recommending_states.c.recommendation_id == rec.id,
        source=recommending_states.join(by, by.c.id == recommending_states.c.state_id),
    )
    note = (
        select(StatusChange.note)
        .where(StatusChange.recommendation_id == rec.id)
        .order_by(StatusChange.changed_on.desc(), StatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    actions = joined(
        ImplementationAction.description, ImplementationAction.recommendation_id == rec.id
    )
    voices = joined(Assessment.text, Assessment.recommendation_id == rec.id)
    institutions = joined(
        Organisation.name,
        Assignment.recommendation_id == rec.id,
        source=Assignment.__table__.join(Organisation),
    )
    pledges, assistance, evidence = (
        joined(column, link.c.recommendation_id == rec.id, source=link.join(column.table))
        for column, link in (
            (Pledge.text, pledge_recommendations),
            (TechnicalAssistance.title, assistance_recommendations),
            (Evidence.title, evidence_recommendations),
        )
    )
    query = (
        select(
            rec.paragraph,
            Review.report_symbol,
            State.name,
            Review.cycle,
            rec.text,
            states,
            rec.position,
            themes,
            rec.status,
            rec.status_date,
            institutions,
            note,
            actions,
            pledges,
            assistance,
            evidence,
            voices,
        )
        .join(Review, Review.id == rec.review_id)
        .join(State, State.id == Review.state_id)
        .order_by(State.name, Review.cycle, rec.id)
    )
    return connection.execution_options(stream_results=True, yield_per=1000).execute(query)


def floor_write(fmt: str, rows, out) -> int:
    """Write the floor's rows with a bare writer: csv.writer, or XlsxWriter in constant_memory with write_row."""
    count = 0
    if fmt == "bare-csv":
        import csv
        import io

        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        writer = csv.writer(text)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
        text.flush()
        text.detach()
        return count
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet("Matrix")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, ["" if v is None else str(v) for v in row])
        count += 1
    book.close()
    return count


def db_child(path: str, fmt: str) -> dict:
    """Export every recommendation of the file's database as uprtrack does (build_matrix, then its writer) or as
    the floor does; return the wall time, the peak RSS and the rows written."""
    from uprtrack.extensions import db
    from uprtrack.recommendations.filters import Filters
    from uprtrack.reporting.formats.matrix_csv import write_csv
    from uprtrack.reporting.formats.matrix_xlsx import write_xlsx
    from uprtrack.reporting.matrix.meta import matrix_meta
    from uprtrack.reporting.matrix.rows import build_matrix

    app = db_app(path)
    with app.test_request_context(), tempfile.NamedTemporaryFile(suffix=".export") as out:
        start = time.perf_counter()
        if fmt.startswith("bare-"):
            with db.engine.connect() as connection:
                rows = floor_write(fmt, floor_rows(connection), out)
        else:
            filters = Filters.from_args({"education": "0"})
            matrix = build_matrix(
                db.session,
                filters,
                published_only=True,
                meta=matrix_meta(db.session, filters, public=True),
                url_for_rec=lambda rec_id: f"https://uprtrack.example/r/{rec_id}",
            )
            (write_csv if fmt == "csv" else write_xlsx)(matrix, out)
            rows = matrix.meta.rows
        figures = {
            "seconds": time.perf_counter() - start,
            "rows": rows,
            "size_mb": out.tell() / 2**20,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    return figures


def from_database(sizes: list[int]) -> None:
    print(
        f"{'recommendations':>15} {'export':10} {'wall s':>7} {'maxrss MB':>10} {'rows':>8} {'file MB':>8} {'x floor':>8}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="uprtrack-bench-") as folder:
            path = f"{folder}/bench.sqlite"
            seeded = json.loads(run_script("--seed-child", path, str(n))[-1])
            print(f"{n:>15} {'(seeded)':10} {seeded['seconds']:>7.1f}", flush=True)
            seconds = {}
            for fmt in ("bare-csv", "csv", "bare-xlsx", "xlsx"):
                figures = json.loads(run_script("--db-child", path, fmt)[-1])
                seconds[fmt] = figures["seconds"]
                ratio = ratio_to_floor(seconds, fmt)
                print(
                    f"{n:>15} {fmt:10} {figures['seconds']:>7.1f} {figures['maxrss_mb']:>10.0f} "
                    f"{figures['rows']:>8} {figures['size_mb']:>8.1f} {ratio}",
                    flush=True,
                )


def run_script(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
