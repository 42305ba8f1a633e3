"""State names match whatever their spacing, hyphens and case; likeness is the last resort, with a threshold
that no two States of seed/states.csv reach."""

import csv
import itertools

import pytest
from rapidfuzz import fuzz

from tests.conftest import SEED
from uprtrack.imports.state_names import FUZZY_THRESHOLD, NameIndex, compact_key


def seed_names() -> dict[str, str]:
    """Every name of seed/states.csv (short, official, other spellings) -> its ISO code."""
    names = {}
    with (SEED / "states.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in [row["name"], row["official_name"], *row["other_names"].split("|")]:
                if name:
                    names[name] = row["iso3"]
    return names


def test_no_two_seed_states_are_alike_at_the_threshold():
    by_state: dict[str, set[str]] = {}
    for name, iso3 in seed_names().items():
        by_state.setdefault(iso3, set()).add(compact_key(name))
    highest = max(
        fuzz.ratio(x, y)
        for (_, a), (_, b) in itertools.combinations(by_state.items(), 2)
        for x in a
        for y in b
    )
    assert 90 < highest < FUZZY_THRESHOLD  # "Republic of Malawi" / "Republic of Mali": 93.3


def test_every_seed_name_finds_its_own_state():
    names = seed_names()
    index = NameIndex(names)
    assert all(index.find(name).item == iso3 for name, iso3 in names.items())


@pytest.mark.parametrize(
    ("written", "iso3", "by_likeness"),
    [
        ("Slove nia", "SVN", False),
        ("Bosnia and Herze govina", "BIH", False),
        ("Republicof Korea", "KOR", False),
        ("Timor\u2011Leste", "TLS", False),
        ("Guinea Bissau", "GNB", False),
        ("REPUBLIC OF MOLDOVA", "MDA", False),
        ("Niger ia", "NGA", False),
        ("Czech Republc", "CZE", True),
        ("United Kingdom of Great Britain and Nothern Ireland", "GBR", True),
        ("Lichtenstein", "LIE", True),
    ],
)
def test_typed_names_match(written, iso3, by_likeness):
    match = NameIndex(seed_names()).find(written)
    assert match.item == iso3
    assert (match.score is not None) == by_likeness
    if by_likeness:
        assert FUZZY_THRESHOLD <= match.score < 100


@pytest.mark.parametrize("written", ["Slovenija Republic", "Austri", "Paris Principles"])
def test_unlike_names_do_not_match(written):
    match = NameIndex(seed_names()).find(written)
    assert match is None
