"""The progress matrix: one row per recommendation, clustered by theme, with everything linked to it."""

from uprtrack.reporting.matrix.columns import (
    COLUMNS,
    LINKED_COLUMNS,
    LINKED_TITLES,
    Column,
    LinkedRecord,
    MatrixMeta,
    MatrixRow,
)
from uprtrack.reporting.matrix.rows import Matrix, build_matrix

__all__ = [
    "COLUMNS",
    "LINKED_COLUMNS",
    "LINKED_TITLES",
    "Column",
    "LinkedRecord",
    "Matrix",
    "MatrixMeta",
    "MatrixRow",
    "build_matrix",
]
