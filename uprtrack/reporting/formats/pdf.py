"""Turn an HTML page rendered by the app into a PDF with WeasyPrint, fetching nothing from outside the app."""

from __future__ import annotations

from typing import BinaryIO

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from uprtrack.config import PROJECT_ROOT

STYLESHEET = PROJECT_ROOT / "static" / "print.css"


def local_fetcher() -> URLFetcher:
    """Fetch only inline data and the app's own files: a PDF never reaches the network."""
    return URLFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def write_pdf(html: str, out: BinaryIO) -> None:
    """Write the HTML as a PDF laid out by static/print.css (landscape A4, Noto fonts for every script)."""
    fetcher = local_fetcher()
    document = HTML(string=html, url_fetcher=fetcher, base_url=str(PROJECT_ROOT))
    document.write_pdf(out, stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)])
