"""Read the matrix from the database in chunks (`loading.Loader`), so that an export of the whole index stays bounded
in memory."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.core.visibility import is_visible, visible
from uprtrack.core.vocabulary import Status
from uprtrack.core.vocabulary.base import labels_kept
from uprtrack.models import (
    Evidence,
    Recommendation,
    Review,
    State,
    Theme,
)
from uprtrack.models.recommendations import recommendation_themes
from uprtrack.recommendations.filters import Filters, apply_filters, paragraph_order
from uprtrack.reporting.matrix.cells import latest_per_organisation, linked_cells, row_cells
from uprtrack.reporting.matrix.columns import LinkedRecord, MatrixMeta, MatrixRow
from uprtrack.reporting.matrix.loading import Loader
from uprtrack.web.languages import review_label, state_name

CHUNK = 500  # recommendations loaded at a time, with all their links


class Matrix:
    """A matrix to write once: `rows()` streams the rows; then `linked` and `summary` hold what the pass met."""

    def __init__(
        self, meta: MatrixMeta, chunks: Callable[[], Iterable[list[MatrixRow]]] | None = None
    ):
        self.meta = meta
        self._chunks = chunks
        self.linked: dict[str, dict[int, LinkedRecord]] = {
            "pledge": {},
            "assistance": {},
            "evidence": {},
        }
        # A writer without the linked records' sheets (the CSV) turns this off before the pass: at the scale of
        # the whole index they are most of what a pass would keep.
        self.keeps_linked = True
        self.summary: dict[str, Counter] = {}
        # Told the rows written so far, after each chunk.
        self.progress: Callable[[int], None] | None = None

    @classmethod
    def from_rows(
        cls, meta: MatrixMeta, rows: list[MatrixRow], linked: Iterable[LinkedRecord] = ()
    ) -> Matrix:
        """A matrix of rows already built (for tests and benchmarks)."""
        matrix = cls(meta, lambda: [rows])
        for record in linked:
            matrix.linked[record.kind][record.id] = record
        return matrix

    def rows(self) -> Iterator[MatrixRow]:
        done = 0
        for chunk in self._chunks():
            for row in chunk:
                self.summary.setdefault(row.cluster, Counter())[row.status] += 1
                yield row
            done += len(chunk)
            if self.progress is not None:
                self.progress(done)

    def linked_records(self, kind: str) -> list[LinkedRecord]:
        return list(self.linked[kind].values())

    def summary_statuses(self) -> list[str]:
        """The status columns of the summary: every status in its order, then any other code the rows held."""
        met = {code for counts in self.summary.values() for code in counts}
        return [*Status.codes(), *sorted(met - set(Status.codes()))]


def _cluster_key():
    """The heading a recommendation is clustered under: the matrix's heading row, else its first theme."""
    first_theme = (
        select(func.min(Theme.name))
        .join(recommendation_themes, recommendation_themes.c.theme_id == Theme.id)
        .where(recommendation_themes.c.recommendation_id == Recommendation.id)
        .scalar_subquery()
    )
    return func.coalesce(Recommendation.theme_heading, first_theme, "")


def ordered_ids(
    session: Session, filters: Filters, published_only: bool
) -> list[tuple[int, str, str, int]]:
    """The ids of the selection in matrix order: by State, cycle, theme cluster (in the order the matrix first
    meets it), then paragraph; with the cluster, the State's name and the cycle of each."""
    return [tuple(row) for row in session.execute(ordered_query(filters, published_only))]


def ordered_query(filters: Filters, published_only: bool):
    """The query of `ordered_ids`."""
    cluster = _cluster_key().label("cluster")
    base = (
        select(Recommendation.id, cluster, State.name.label("state"), Review.cycle)
        .join(Recommendation.review)
        .join(Review.state)
        .where(*visible(Recommendation, published_only))
    )
    inner = apply_filters(base, filters).subquery()
    first_seen = func.min(inner.c.id).over(
        partition_by=(inner.c.state, inner.c.cycle, inner.c.cluster)
    )
    numbered = select(inner, first_seen.label("first_seen")).subquery()
    paragraph = select(Recommendation.id, *paragraph_order()).subquery()
    query = (
        select(numbered.c.id, numbered.c.cluster, numbered.c.state, numbered.c.cycle)
        .join(paragraph, paragraph.c.id == numbered.c.id)
        .order_by(
            numbered.c.state,
            numbered.c.cycle.is_(
                None
            ),  # the UPR's cycles first, then other mechanisms, on both databases
            numbered.c.cycle,
            numbered.c.first_seen,
            *[c for c in paragraph.c if c.name != "id"],
            numbered.c.id,
        )
    )
    return query


def build_matrix(
    session: Session,
    filters: Filters,
    *,
    published_only: bool,
    meta: MatrixMeta,
    url_for_rec: Callable[[int], str] | None = None,
    url_for_file: Callable[[Evidence], str] | None = None,
) -> Matrix:
    """Prepare the matrix of the filtered recommendations the reader may see; nothing is read until it is written."""
    matrix = Matrix(meta)
    # The order of the whole selection is kept as (id, cluster) pairs, each cluster's name once: at the scale of
    # the whole index that is what the export holds besides the chunk it writes.
    ids, clusters, reviews = [], {}, set()
    query = ordered_query(filters, published_only).execution_options(yield_per=10_000)
    for rec_id, cluster, state, cycle in session.execute(query):
        ids.append((rec_id, clusters.setdefault(cluster, cluster)))
        reviews.add((state, cycle))
    meta.rows = len(ids)
    several_reviews = len(reviews) > 1

    def seen(records):
        return [r for r in records if is_visible(r, published_only)]

    def keep_linked(rec, linked) -> None:
        """Note the linked records of a recommendation, each once, with the recommendations it links."""
        for kind, records in linked:
            for record in records:
                known = matrix.linked[kind].get(record.id)
                if known is None:
                    known = matrix.linked[kind][record.id] = LinkedRecord(
                        kind, record.id, linked_cells(kind, record, url_for_file)
                    )
                known.recommendations.append(rec.paragraph or f"#{rec.id}")

    def chunk_rows(part, loaded) -> Iterator[MatrixRow]:
        """The rows of one chunk, noting the pledges, assistance and evidence they link to (`keep_linked`)."""
        for rec_id, cluster in part:
            rec = loaded[rec_id]
            heading = cluster or _("No theme")
            if several_reviews:
                heading = _(
                    "%(state)s, %(review)s: %(heading)s",
                    state=state_name(rec.review.state),
                    review=review_label(rec.review),
                    heading=heading,
                )
            pledges, assistance = seen(rec.pledges), seen(rec.assistance)
            evidence = seen(rec.evidence)
            if matrix.keeps_linked:
                keep_linked(
                    rec, (("pledge", pledges), ("assistance", assistance), ("evidence", evidence))
                )
            yield MatrixRow(
                rec.id,
                heading,
                rec.status,
                url_for_rec(rec.id) if url_for_rec else None,
                row_cells(rec, pledges, assistance, evidence, url_for_file),
                [(a.organisation.kind, a.rating) for a in latest_per_organisation(rec.assessments)],
            )

    def chunks() -> Iterator[list[MatrixRow]]:
        loader = Loader(session)
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            loaded = loader.chunk([rec_id for rec_id, _cluster in part])
            with labels_kept():  # each label translated once a chunk, not once a cell
                rows = list(chunk_rows(part, loaded))
            yield rows

    matrix._chunks = chunks
    return matrix
