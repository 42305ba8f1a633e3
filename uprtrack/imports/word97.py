"""Word 97-2003 (.doc) matrices: converted to .docx by LibreOffice, then read like any OHCHR matrix.

OHCHR published its early matrices as .doc, which python-docx cannot read; LibreOffice's converter is the one the
field relies on. It runs headless with a profile of its own in a temporary folder, so that two imports at once,
or a LibreOffice someone has open, never share one.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from uprtrack.core.file_types import sniff
from uprtrack.imports.rows import ImportFileError

TIMEOUT_SECONDS = 180  # a first start of LibreOffice with a new profile takes several seconds
INSTALL_HINT = (
    "install LibreOffice (on Debian: apt-get install libreoffice-writer-nogui), "
    "or open the file in Word or LibreOffice and save it as .docx"
)


def converter() -> str | None:
    """The LibreOffice program on this machine, if there is one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def as_docx(path: Path) -> Iterator[Path]:
    """Give the .docx LibreOffice makes of a Word 97-2003 file, in a folder removed afterwards."""
    with path.open("rb") as stream:
        if sniff(stream.read(16), stream) != "doc":
            raise ImportFileError(f"{path.name} is not a Word 97-2003 document (.doc).")
    program = converter()
    if program is None:
        raise ImportFileError(
            f"{path.name} is a Word 97-2003 file (.doc), which uprtrack converts with LibreOffice, "
            f"and LibreOffice is not installed here: {INSTALL_HINT}."
        )
    with TemporaryDirectory(prefix="uprtrack-doc-") as folder:
        work = Path(folder)
        source = work / "matrix.doc"
        shutil.copyfile(path, source)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise ImportFileError(
                f"LibreOffice could not convert {path.name} to .docx in time: {INSTALL_HINT}."
            ) from None
        converted = work / "matrix.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise ImportFileError(
                f"LibreOffice could not convert {path.name} to .docx; the file may be damaged: "
                "open it in Word or LibreOffice and save it as .docx."
            )
        yield converted
