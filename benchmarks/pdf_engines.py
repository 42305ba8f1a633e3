"""Time the PDF engines on the progress matrix's real layout, to choose the one uprtrack uses (Typst).

    .venv/bin/python benchmarks/pdf_engines.py [--sizes 300 650 5000] [--weasyprint-up-to 300]

Every row is like 140.31 of the tests: every column filled, actions in Chinese and Arabic. Each measurement runs in
a process of its own (a new process also reads its fonts), timed as a whole, with its peak memory:
- typst: uprtrack's writer (reporting/formats/matrix_pdf.py: the Document, then templates/typst/document.typ);
- bare typst (the floor): the same text in a plain five-column Typst table, no labels, colours, links or marks;
- libreoffice: uprtrack's DOCX writer, then `soffice --headless --convert-to pdf` (LibreOffice starts each time);
- weasyprint: the layout uprtrack printed before, as HTML and CSS (only if weasyprint is installed; it is slow, so
  only up to --weasyprint-up-to rows).

Measured on the 2-core development machine, one run each (whole-process seconds, peak MB, pages). The synthetic rows
are about twice as long as Slovenia's real ones (every column filled):

    rows  engine        seconds  peak MB  pages  vs bare
     300  bare typst        2.6      393    119     1.0x
     300  typst             4.3      543    138     1.7x
     300  libreoffice      13.5      239    389     5.2x
     300  weasyprint       38.1      602    300    14.7x
     650  bare typst        4.1      672    258     1.0x
     650  typst             7.0      956    298     1.7x
     650  libreoffice      24.4      343    842     6.0x
    5000  bare typst       33.2     3702   1982     1.0x
    5000  typst            48.2     5596   2282     1.4x

On the demo data (`flask seed --demo`), Slovenia's whole matrix (all cycles, 632 recommendations, 121 pages):
`flask export svn.pdf --format pdf --state SVN --all` takes 3.3-4.1 s as a whole process (about 1.7 s of it
building and writing the file, the rest starting Python and the app), peak 400 MB; the same through LibreOffice
(`flask export svn.docx`, 3.2 s, then `soffice --headless --convert-to pdf`, 7.2 s) takes 10.4 s.

Typst was chosen: 9 times faster than WeasyPrint and 3-6 times faster than LibreOffice's conversion, it needs
nothing but a Python wheel and Debian's Noto fonts (LibreOffice is hundreds of MB of Debian packages and a process
to start), shapes Arabic and orders it right to left (`text(dir: rtl)` on values that read right to left), embeds
subsets of the fonts, and takes user text as JSON data, never as markup. Its memory grows with the document (5.6 GB
for 5,000 long synthetic rows), which is why matrix_pdf.MAX_ROWS stops at 5,000. Tagged PDF (for screen readers)
costs little time but makes a table's file about seven times larger, so documents above 1,000 table rows are written
untagged (documents/typeset.TAGGED_UP_TO).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_matrix import synthetic_matrix

BARE = """#let data = json(bytes(sys.inputs.data))
#set page(paper: "a4", flipped: true, margin: 12mm)
#set text(font: ("Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic"), size: 7.5pt)
#table(columns: (28fr, 18fr, 21fr, 19fr, 14fr), ..data.cells)
"""

HTML_CSS = """@page { size: A4 landscape; margin: 14mm 12mm 16mm; }
html { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic"; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; } thead { display: table-header-group; }
tbody { break-inside: avoid; } th, td { border: 0.4pt solid #9aa5b1; padding: 1.2mm; vertical-align: top; }
tr.theme td { background: #d5dde5; font-weight: 700; } p { margin: 0 0 0.8mm; } ul { margin: 0; padding-left: 3mm; }
"""


def app_context():
    from uprtrack import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    return app.test_request_context()


def write_typst(n: int, out: Path) -> None:
    from uprtrack.reporting.formats.matrix_pdf import write_pdf_matrix

    with app_context(), out.open("wb") as file:
        write_pdf_matrix(synthetic_matrix(n, scripts=True), file)


def _cells(n: int):
    from uprtrack.reporting.formats.matrix_layout import GROUPS, parts

    for row in synthetic_matrix(n, scripts=True).rows():
        yield ["\n".join(" ".join(p.values) for p in parts(row, group)) for group in GROUPS]


def write_bare_typst(n: int, out: Path) -> None:
    import typst

    from uprtrack.reporting.documents.typeset import FONT_DIRS

    with app_context():
        cells = [cell for row in _cells(n) for cell in row]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bare.typ"
        source.write_text(BARE)
        pdf = typst.compile(
            str(source),
            font_paths=[str(d) for d in FONT_DIRS],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps({"cells": cells}, ensure_ascii=False)},
            pdf_tags=False,
        )
    out.write_bytes(pdf)


def write_libreoffice(n: int, out: Path) -> None:
    from uprtrack.reporting.formats.matrix_docx import write_docx

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "matrix.docx"
        with app_context(), source.open("wb") as file:
            write_docx(synthetic_matrix(n, scripts=True), file)
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copy(Path(folder) / "matrix.pdf", out)


def write_weasyprint(n: int, out: Path) -> None:
    from html import escape

    from weasyprint import CSS, HTML

    from uprtrack.reporting.formats.matrix_layout import GROUPS, parts

    body = []
    with app_context():
        cluster = None
        for row in synthetic_matrix(n, scripts=True).rows():
            if row.cluster != cluster:
                cluster = row.cluster
                body.append(f'<tbody><tr class="theme"><td colspan="5">{escape(cluster)}</td></tr>')
            else:
                body.append("<tbody>")
            cells = []
            for group in GROUPS:
                cell = "".join(
                    f"<p><b>{escape(p.label)}:</b> {escape(p.values[0])}</p>"
                    if len(p.values) == 1
                    else f"<p><b>{escape(p.label)}:</b></p><ul>"
                    + "".join(f'<li dir="auto">{escape(v)}</li>' for v in p.values)
                    + "</ul>"
                    for p in parts(row, group)
                )
                cells.append(f'<td dir="auto">{cell}</td>')
            body.append(f"<tr>{''.join(cells)}</tr></tbody>")
    html = f"<html><body><table>{''.join(body)}</table></body></html>"
    HTML(string=html).write_pdf(str(out), stylesheets=[CSS(string=HTML_CSS)])


ENGINES = {
    "typst": write_typst,
    "bare-typst": write_bare_typst,
    "libreoffice": write_libreoffice,
    "weasyprint": write_weasyprint,
}


def run(engine: str, n: int) -> tuple[float, float, int]:
    """Run one engine on n rows in a new process: (whole-process seconds, peak MB, pages)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.pdf"
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, "--child", engine, str(n), str(out)])
        _pid, status, usage = os.wait4(
            child.pid, 0
        )  # this process's own peak, not the largest so far
        seconds = time.perf_counter() - start
        if status:
            raise SystemExit(f"{engine} failed on {n} rows")
        peak = usage.ru_maxrss / 1024
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        pages = int(
            next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))
        )
    return seconds, peak, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 650, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--weasyprint-up-to", type=int, default=300)
    parser.add_argument("--libreoffice-up-to", type=int, default=5000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        engine, n, out = options.child
        ENGINES[engine](int(n), Path(out))
        return
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        limits = {"weasyprint": 0}
    else:
        limits = {"weasyprint": options.weasyprint_up_to}
    limits["libreoffice"] = options.libreoffice_up_to if shutil.which("soffice") else 0
    print(f"{'rows':>6} {'engine':12} {'seconds':>8} {'peak MB':>8} {'pages':>6} {'vs bare':>8}")
    for n in options.sizes:
        floor = None
        for engine in ("bare-typst", "typst", "libreoffice", "weasyprint"):
            if n > limits.get(engine, n):
                print(f"{n:>6} {engine:12} skipped (above its limit or not installed)")
                continue
            runs = 1 if engine == "weasyprint" else options.runs
            figures = [run(engine, n) for _ in range(runs)]
            seconds = statistics.median(f[0] for f in figures)
            floor = seconds if engine == "bare-typst" else floor
            ratio = f"{seconds / floor:>7.1f}x" if floor else ""
            print(
                f"{n:>6} {engine:12} {seconds:>8.1f} {max(f[1] for f in figures):>8.0f} "
                f"{figures[0][2]:>6} {ratio:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
