"""The records a chunk of the matrix reads, as plain objects: one Core query per relation, no ORM instance per row.

At the scale of the whole index an export reads millions of linked rows; an ORM instance and its collections cost
some twenty microseconds a relation a row, which made the read ten times slower than writing the file. Here each
relation the cells read (`RELATIONS`) is one query per chunk, of the columns its model maps (labelled with its
attributes' names), in the order its relationship gives. A row is read as it is (a Row has an attribute per
column); one that points to other records becomes a `SimpleNamespace` given them (a review its State, an
assignment its organisation...), which are read once per export and shared. The cells
(`cells.row_cells`) read these objects as they would the models: only attributes, no queries.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from types import SimpleNamespace

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from uprtrack.models import Recommendation

# The relations of a recommendation the matrix reads, and the records each of their rows points to.
RELATIONS = (
    "recommending_states",
    "themes",
    "groups",
    "sdgs",
    "assignments",
    "status_changes",
    "actions",
    "pledges",
    "assistance",
    "evidence",
    "assessments",
)
POINTS_TO = {
    "Recommendation": ("review",),
    "Review": ("state", "mechanism"),
    "Assignment": ("organisation",),
    "TechnicalAssistance": ("provider", "fund"),
    "Assessment": ("organisation",),
}
OWNER = "_owner"


@cache
def _columns(model) -> tuple:
    """The model's mapped columns, each labelled with its attribute's name."""
    return tuple(prop.columns[0].label(prop.key) for prop in inspect(model).column_attrs)


def _plain(result) -> list[SimpleNamespace]:
    """The rows of a result as objects with an attribute per column."""
    keys = list(result.keys())
    return [SimpleNamespace(**dict(zip(keys, row, strict=True))) for row in result]


class Loader:
    """Reads chunks of recommendations for one export, keeping the records many rows point to."""

    def __init__(self, session: Session):
        self.session = session
        self._kept: dict[type, dict[int, SimpleNamespace]] = defaultdict(dict)

    def chunk(self, ids: list[int]) -> dict[int, SimpleNamespace]:
        """The recommendations with these ids, each with its relations and what they point to."""
        query = select(*_columns(Recommendation)).where(Recommendation.id.in_(ids))
        found = {rec.id: rec for rec in _plain(self.session.execute(query))}
        self._point(Recommendation, list(found.values()))
        for name in RELATIONS:
            groups = self._related(name, ids)
            for rec_id, rec in found.items():
                setattr(rec, name, groups.get(rec_id, []))
        return found

    def _related(self, name: str, ids: list[int]) -> dict[int, list]:
        """The rows of one relation of these recommendations, by recommendation, in the relationship's order."""
        rel = inspect(Recommendation).relationships[name]
        target = rel.mapper.class_
        [(_, owner)] = rel.synchronize_pairs
        query = select(*_columns(target), owner.label(OWNER)).where(owner.in_(ids))
        if rel.secondary is not None:
            [(key, link)] = rel.secondary_synchronize_pairs
            query = query.join(rel.secondary, key == link)
        ordered = rel.order_by or ()
        query = query.order_by(*ordered, *rel.mapper.primary_key)
        groups: dict[int, list] = defaultdict(list)
        result = self.session.execute(query)
        # A row needing nothing more serves as it is (a Row has an attribute per column): its owner is last.
        if target.__name__ not in POINTS_TO:
            for row in result:
                groups[row[-1]].append(row)
            return groups
        records = _plain(result)
        for record in records:
            groups[vars(record).pop(OWNER)].append(record)
        self._point(target, records)
        return groups

    def _point(self, model, records: list[SimpleNamespace]) -> None:
        """Give the records the rows they point to (POINTS_TO), each read once for the whole export."""
        for name in POINTS_TO.get(model.__name__, ()):
            rel = inspect(model).relationships[name]
            [(local, remote)] = rel.local_remote_pairs
            target, via = rel.mapper.class_, _attribute(model, local)
            kept = self._kept[target]
            wanted = {getattr(r, via) for r in records} - kept.keys() - {None}
            if wanted:
                fresh = _plain(
                    self.session.execute(select(*_columns(target)).where(remote.in_(wanted)))
                )
                self._point(target, fresh)
                kept.update((getattr(r, _attribute(target, remote)), r) for r in fresh)
            for record in records:
                setattr(record, name, kept.get(getattr(record, via)))


def _attribute(model, column) -> str:
    """The name of the model's attribute that maps a column."""
    return inspect(model).get_property_by_column(column).key
