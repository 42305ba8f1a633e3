"""Every user-facing string is in the Chinese catalogue, translated, with its placeholders intact."""

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from uprtrack.config import PROJECT_ROOT

CATALOGUE = PROJECT_ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def source_messages() -> set[str]:
    method_map = [
        ("uprtrack/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT),
        method_map,
        keywords=KEYWORDS,
        options_map={"templates/**.html": {}, "templates/**.txt": {}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="zh")


def test_every_source_string_is_translated():
    messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue() if m.id}
    missing = sorted(source_messages() - messages.keys())
    assert missing == [], "run `make messages` and translate the new entries"
    untranslated = sorted(k for k, m in messages.items() if not m.string or m.fuzzy)
    assert untranslated == []


def test_placeholders_survive_translation():
    for message in catalogue():
        if message.id and isinstance(message.id, str) and message.string:
            assert set(PLACEHOLDER.findall(message.id)) == set(
                PLACEHOLDER.findall(message.string)
            ), message.id
