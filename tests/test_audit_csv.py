"""The audit log as CSV: the entries of the current filter, streamed a chunk at a time, every cell safe to open
in a spreadsheet, with the same words as the page."""

import csv
import io

from tests.test_audit_log import admin, log  # noqa: F401  the same people and history
from uprtrack.accounts import audit_log
from uprtrack.core import audit


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_csv_of_the_current_filter_streamed_and_formula_safe(admin, ctx, log):
    audit.record(ctx, "import", "file", "=HYPERLINK(evil).docx", actor="=cmd|' /C calc'!A0")
    ctx.commit()
    response = admin.get("/admin/audit.csv?kind=file")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "When (UTC)",
        "Who",
        "Action",
        "Kind of record",
        "Record number",
        "Record",
        "Detail",
    ]
    assert [r[2] for r in rows[1:]] == ["Imported a file", "Imported a file"]
    evil = rows[1]
    assert evil[1] == "'=cmd|' /C calc'!A0" and evil[5] == "'=HYPERLINK(evil).docx"
    assert rows[2][5] == "upr48-slovenia.docx" and "Rows read: 163" in rows[2][6]
    everything = rows_of(admin.get("/admin/audit.csv"))
    assert "Slovenia, cycle 4, 115.30" in {r[5] for r in everything}
    assert "Status: Planned → In progress; Date of the status: Jun 1, 2025" in {
        r[6] for r in everything
    }


def test_csv_reads_a_long_log_in_chunks(admin, ctx, monkeypatch):
    monkeypatch.setattr(audit_log, "CSV_CHUNK", 7)
    for n in range(30):
        audit.record(ctx, "import", "file", f"file{n}.docx", actor="x")
    ctx.commit()
    rows = rows_of(admin.get("/admin/audit.csv?action=import"))
    assert [r[5] for r in rows[1:]] == [f"file{n}.docx" for n in range(29, -1, -1)]
