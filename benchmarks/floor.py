"""The bare floor of the benchmarks: a Flask app with no extension, no login and no form, whose views run given SQL
on a bare engine and render the rows in a template of a few lines.

    floor_app(engine, {"0": (sql, template), ...})      # in a process, as benchmarks/scale.py uses it
    gunicorn 'floor:from_environment()'                  # served: UPRTRACK_FLOOR_DATABASE_URL, UPRTRACK_FLOOR_SQL
"""

from __future__ import annotations

import json
import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

ROWS = """<!doctype html><title>floor</title><table>
{% for row in rows %}<tr><td>{{ row[2] }}</td><td>{{ row[3][:220] }}</td><td>{{ row[5] }}</td></tr>{% endfor %}
</table>"""
FIGURES = """<!doctype html><title>floor</title><table>
{% for row in rows %}<tr><td>{{ row[0] }}</td><td>{{ row[1] }}</td><td>{{ row[2] }}</td></tr>{% endfor %}
</table>"""


def floor_app(engine: Engine, sql: dict[str, str]) -> Flask:
    """The bare app: one view a case, each running its SQL on a bare engine and rendering what comes back."""
    bare = Flask("floor")

    @bare.get("/<int:number>")
    def case(number: int):
        statement, template = sql[str(number)]
        with engine.connect() as connection:
            rows = connection.execute(text(statement)).all()
        return render_template_string(template, rows=rows)

    return bare


def from_environment() -> Flask:
    """The floor as gunicorn serves it: the database URL and a JSON file of {case: [sql, template]} from the
    environment."""
    with open(os.environ["UPRTRACK_FLOOR_SQL"], encoding="utf-8") as cases:
        sql = {key: tuple(value) for key, value in json.load(cases).items()}
    return floor_app(create_engine(os.environ["UPRTRACK_FLOOR_DATABASE_URL"]), sql)
