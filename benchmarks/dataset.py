"""The large data set of the benchmarks: N recommendations with their linked rows, inserted in batches.

Recommendations are spread over many States and their cycles 2-4 (Slovenia's cycle 4 among them), each with two
themes, an SDG (4 for the fifth that are on education), two recommending States, a status change with its note
for a third of them and an assignment with a due date for a quarter, written in batches of BATCH rows (no ORM
object per row): Core inserts on SQLite, COPY on PostgreSQL (what pg_restore and bulk loaders use). Texts are drawn from WORDS, so a search word matches a known share of them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select
from words import WORDS

from uprtrack.core.vocabulary import EntryState, OrganisationKind, Position, Status
from uprtrack.extensions import db
from uprtrack.models import (
    Assignment,
    Organisation,
    Recommendation,
    Review,
    Sdg,
    State,
    StatusChange,
    Theme,
)
from uprtrack.models.recommendations import (
    recommendation_sdgs,
    recommendation_themes,
    recommending_states,
)

BATCH = 20_000
RARE_WORD = "ombudsperson"  # in one text in 10,000: a selective search
NOWHERE = "xylophone"  # in no text


def write(table, rows: list[dict]) -> None:
    """Insert the rows in the session's transaction: COPY on PostgreSQL, an executemany elsewhere."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    names = list(rows[0])
    # COPY applies the database's defaults, not the models' Python ones (created_at...): they are given here.
    defaults = {
        column.name: column.default.arg if column.default.is_scalar else column.default.arg(None)
        for column in table.columns
        if column.name not in names and column.default is not None and not column.primary_key
    }
    columns = ", ".join(f'"{name}"' for name in [*names, *defaults])
    extra = list(defaults.values())
    with (
        connection.connection.driver_connection.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([*(row[name] for name in names), *extra])


def populate(n: int, rng: random.Random) -> dict[str, str]:
    """Insert n recommendations and their links; return the ids and values the benchmark cases name."""
    states = db.session.scalars(select(State).order_by(State.id)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    sdgs = db.session.scalars(select(Sdg.code)).all()
    org = Organisation(name="Ministry of Education", kind=OrganisationKind.MINISTRY)
    db.session.add(org)
    slovenia = db.session.scalar(select(State).where(State.iso3 == "SVN"))
    reviews = {(slovenia.id, 4): Review(state=slovenia, cycle=4, session=46)}
    for state in states[: n // 250 + 1]:
        for cycle in (2, 3, 4):
            reviews.setdefault(
                (state.id, cycle), Review(state=state, cycle=cycle, session=40 + cycle)
            )
    reviews = list(reviews.values())
    db.session.add_all(reviews)
    db.session.flush()
    statuses, positions = Status.codes(), (Position.SUPPORTED, Position.NOTED)
    for start in range(0, n, BATCH):
        recs, themes_, sdgs_, by, changes, assigned = [], [], [], [], [], []
        for i in range(start, min(n, start + BATCH)):
            rec_id = i + 1
            review = reviews[i % len(reviews)]
            picked = [rng.choice(WORDS) for _ in range(rng.randint(12, 40))]
            if i % 10_000 == 7:
                picked.append(RARE_WORD)
            education = rng.random() < 0.2
            status = rng.choice(statuses)
            day = date(2024, 1, 1) + timedelta(days=i % 700)
            recs.append(
                {
                    "id": rec_id,
                    "review_id": review.id,
                    "paragraph": f"{100 + i // 400}.{i % 400 + 1}",
                    "text": " ".join(picked),
                    "text_key": f"k{i}",
                    "position": rng.choice(positions),
                    "status": status,
                    "education": education,
                    "education_derived": education,
                    "published": True,
                    "version": 1,
                    "status_date": day,
                }
            )
            themes_ += [
                {"recommendation_id": rec_id, "theme_id": t.id} for t in rng.sample(themes, 2)
            ]
            code = "4" if education else rng.choice(sdgs)
            sdgs_.append({"recommendation_id": rec_id, "sdg_code": code})
            by += [{"recommendation_id": rec_id, "state_id": s.id} for s in rng.sample(states, 2)]
            if i % 3 == 0:
                changes.append(
                    {
                        "recommendation_id": rec_id,
                        "status": status,
                        "changed_on": day,
                        "note": "Reported by the responsible ministry.",
                        "entry_state": EntryState.VALIDATED,
                    }
                )
            if i % 4 == 0:
                due = date(2025, 1, 1) + timedelta(days=rng.randint(0, 900))
                assigned.append(
                    {"recommendation_id": rec_id, "organisation_id": org.id, "due_date": due}
                )
        for table, rows in (
            (Recommendation.__table__, recs),
            (recommendation_themes, themes_),
            (recommendation_sdgs, sdgs_),
            (recommending_states, by),
            (StatusChange.__table__, changes),
            (Assignment.__table__, assigned),
        ):
            write(table, rows)
    db.session.commit()
    return {"THEME": str(themes[0].id), "ORG": str(org.id), "STATE": states[1].iso3}
