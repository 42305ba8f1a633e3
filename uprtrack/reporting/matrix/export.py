"""Prepare a matrix export for the list page and the command line: the selection, its name and its size check."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from uprtrack.models import UPR_CODE
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.formats import FORMATS, Format
from uprtrack.reporting.matrix.meta import matrix_meta
from uprtrack.reporting.matrix.rows import Matrix, build_matrix


class TooManyRows(ValueError):
    """The selection is larger than the format can write quickly; the message says what to do."""


def partial_path(path: Path) -> Path:
    """Where a file is written before it is whole: PATH.partial, renamed to PATH when done."""
    return path.with_name(path.name + ".partial")


def write_file(fmt: Format, content, path: Path) -> None:
    """Write the content in the format to PATH, through PATH.partial: a failed write leaves no half-written file."""
    partial = partial_path(path)
    try:
        with partial.open("wb") as out:
            fmt.write(content, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def prepare(
    session: Session, filters: Filters, fmt: Format, *, published_only: bool, **urls
) -> Matrix:
    """Build the matrix of the selection, refusing a selection larger than the format's bound before writing."""
    matrix = build_matrix(
        session,
        filters,
        published_only=published_only,
        meta=matrix_meta(session, filters, public=published_only),
        **urls,
    )
    rows = matrix.meta.rows
    if fmt.max_rows is not None and rows > fmt.max_rows:
        others = [
            str(f.label) for f in FORMATS.values() if f.max_rows is None or f.max_rows >= rows
        ]
        raise TooManyRows(
            _(
                "The selection holds %(rows)s recommendations; %(format)s exports take at most %(most)s. Narrow the "
                "selection (a State, a cycle) or choose another format: %(others)s.",
                rows=f"{rows:,}",
                format=fmt.label,
                most=f"{fmt.max_rows:,}",
                others=", ".join(others),
            )
        )
    return matrix


def _mechanism_part(code: str) -> str | None:
    """The mechanism in a file name: none for the UPR (the default), else its code made safe ("CRC")."""
    if code == UPR_CODE:
        return None
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-")[:40] or None


def file_name(
    filters: Filters, fmt: Format, today: date | None = None, stem: str = "uprtrack-matrix"
) -> str:
    """uprtrack-matrix-SVN-cycle4-2026-11-27.xlsx: what the file holds, readable in a downloads folder."""
    parts = [
        stem,
        filters.state or "all-states",
        _mechanism_part(filters.mechanism),
        f"cycle{filters.cycle}" if filters.cycle else None,
        None if filters.education else "all-themes",
        (today or date.today()).isoformat(),
    ]
    return "-".join(p for p in parts if p) + f".{fmt.name}"
