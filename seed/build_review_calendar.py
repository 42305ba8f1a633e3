"""Build seed/review_calendar.csv: which UPR Working Group session reviews each State in each cycle.

Run from the repository root: `python seed/build_review_calendar.py` (it reads ../shared/data/upr/).
Every row comes from a source a reviewer can open again:
- the UPR Info exports (SuR + Session, sessions 1-20: cycle 1 for sessions 1-12, cycle 2 for 13-20);
- the page headers of OHCHR's three Slovenia matrices; the text of the Somalia draft Working Group report;
- the session lists of public OHCHR, UNOG and UPR Info pages, typed below as they name the States.
The rest is derived by one rule, used only because it holds for the pairs that can be checked: cycles 3 and 4
review the States in cycle 2's order, 14 sessions later per cycle. The script prints how many cited pairs agree
and disagree with that rule, and writes no derived row where a cited row or a complete session list contradicts it.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from uprtrack.core.vocabulary import cycle_of_session  # noqa: E402
from uprtrack.imports.matrix_header import ordinal_value, read_header  # noqa: E402
from uprtrack.imports.state_names import NameIndex  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "upr"
UPR_INFO = (
    "upr-info_right-to-education_sessions01-20.csv",
    "upr-info_voluntary-pledges_sessions01-19.csv",
)
MATRICES = (
    "ohchr-matrix-slovenia/UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "ohchr-matrix-slovenia/UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
    "ohchr-matrix-slovenia/upr48-slovenia-thematic-list-of-recommendatio.docx",
)
DRAFTS = ("draft-wg-reports/Somalia - Draft report circulated on 12 May 2026_original.docx",)

# session: (source, complete, names). `complete` when the page gives the number of States and names them all,
# so that a State missing from it is not reviewed in that session.
PAGES: dict[int, tuple[str, bool, list[str]]] = {
    1: (
        "CRIN, Countries selected for the first cycle of the UPR (1st session): https://archive.crin.org/en/"
        "library/news-archive/un-human-rights-council-countries-selected-first-cycle-universal-periodic.html",
        True,
        [
            "Bahrain",
            "Ecuador",
            "Tunisia",
            "Morocco",
            "Indonesia",
            "Finland",
            "United Kingdom",
            "India",
            "Brazil",
            "Philippines",
            "Algeria",
            "Poland",
            "Netherlands",
            "South Africa",
            "Czech Republic",
            "Argentina",
        ],
    ),
    2: (
        "CRIN, Countries selected for the first cycle of the UPR (2nd session): https://archive.crin.org/en/"
        "library/news-archive/un-human-rights-council-countries-selected-first-cycle-universal-periodic.html",
        True,
        [
            "Gabon",
            "Ghana",
            "Peru",
            "Guatemala",
            "Benin",
            "Republic of Korea",
            "Switzerland",
            "Pakistan",
            "Zambia",
            "Japan",
            "Ukraine",
            "Sri Lanka",
            "France",
            "Tonga",
            "Romania",
            "Mali",
        ],
    ),
    3: (
        "CRIN, Countries selected for the first cycle of the UPR (3rd session): https://archive.crin.org/en/"
        "library/news-archive/un-human-rights-council-countries-selected-first-cycle-universal-periodic.html",
        True,
        [
            "Botswana",
            "Bahamas",
            "Burundi",
            "Luxembourg",
            "Barbados",
            "Montenegro",
            "United Arab Emirates",
            "Israel",
            "Liechtenstein",
            "Serbia",
            "Turkmenistan",
            "Burkina Faso",
            "Cape verde",
            "Colombia",
            "Uzbekistan",
            "Tuvalu",
        ],
    ),
    4: (
        "UNOG press release January 2009 (UPR WG 4): https://ungeneva.org/zh/news-media/press-release/2009/01/"
        "human-rights-councils-universal-periodic-review-working-group-hold",
        True,
        [
            "Germany",
            "Djibouti",
            "Canada",
            "Bangladesh",
            "Russian Federation",
            "Azerbaijan",
            "Cameroon",
            "Cuba",
            "Saudi Arabia",
            "Senegal",
            "China",
            "Nigeria",
            "Mexico",
            "Mauritius",
            "Jordan",
            "Malaysia",
        ],
    ),
    21: (
        "OHCHR press release 30 January 2015 (UPR WG 21 concludes): https://www.ohchr.org/en/press-releases/"
        "2015/01/human-rights-councils-universal-periodic-review-working-group-concludes?LangID=E&NewsID=15528",
        True,
        [
            "Armenia",
            "Grenada",
            "Guinea",
            "Guinea-Bissau",
            "Guyana",
            "Kenya",
            "Kiribati",
            "Kuwait",
            "Kyrgyzstan",
            "Lao People's Democratic Republic",
            "Lesotho",
            "Spain",
            "Sweden",
            "Turkey",
        ],
    ),
    22: (
        "IJRC 14 May 2015 (22nd session, after OHCHR): https://ijrcenter.org/2015/05/14/"
        "human-rights-council-reviews-14-states-human-rights-records-during-upr-review",
        True,
        [
            "Belarus",
            "Liberia",
            "Malawi",
            "Mongolia",
            "Panama",
            "Maldives",
            "Andorra",
            "Bulgaria",
            "Honduras",
            "United States",
            "Marshall Islands",
            "Croatia",
            "Jamaica",
            "Libya",
        ],
    ),
    23: (
        "OHCHR background release 29 October 2015 (UPR WG 23): https://web.dev.ohchr.un-icc.cloud/en/"
        "press-releases/2015/10/human-rights-council-universal-periodic-review-working-group-hold-twenty",
        True,
        [
            "Micronesia",
            "Lebanon",
            "Mauritania",
            "Nauru",
            "Rwanda",
            "Nepal",
            "Saint Lucia",
            "Oman",
            "Myanmar",
            "Austria",
            "Australia",
            "Georgia",
            "Saint Kitts and Nevis",
            "Sao Tome and Principe",
        ],
    ),
    24: (
        "UPR Info news (24th session, January 2016): https://upr.info/en/news/"
        "refugee-crisis-and-climate-change-amongst-key-human-rights-concerns-raised-during-24th-session",
        True,
        [
            "Namibia",
            "Niger",
            "Mozambique",
            "Estonia",
            "Paraguay",
            "Belgium",
            "Denmark",
            "Palau",
            "Somalia",
            "Seychelles",
            "Solomon Islands",
            "Latvia",
            "Sierra Leone",
            "Singapore",
        ],
    ),
    25: (
        "UPR Info news (25th session, May 2016): https://www.upr-info.org/en/news/"
        "recommendations-both-quantity-and-quality-made-25th-upr-session",
        True,
        [
            "Antigua and Barbuda",
            "Greece",
            "Hungary",
            "Ireland",
            "Papua New Guinea",
            "Samoa",
            "Saint Vincent and the Grenadines",
            "Sudan",
            "Suriname",
            "Swaziland",
            "Tajikistan",
            "Thailand",
            "Tanzania",
            "Trinidad and Tobago",
        ],
    ),
    26: (
        "UPR Info news (26th session, November 2016): https://upr-info.org/en/news/"
        "vast-majority-recommendations-26th-upr-session-supported",
        True,
        [
            "Haiti",
            "Iceland",
            "Lithuania",
            "Moldova (Republic of)",
            "South Sudan",
            "Syrian Arab Republic",
            "Timor Leste",
            "Togo",
            "Uganda",
            "Venezuela (Bolivarian Republic of)",
            "Zimbabwe",
        ],
    ),
    27: (
        "UPR Info, UPR Trax No 73 (27th session, May 2017): https://www.upr-info.org/en/newsletter/"
        "upr-trax-no-73-outcomes-of-upr-27",
        True,
        [
            "Algeria",
            "Bahrain",
            "Brazil",
            "Ecuador",
            "Finland",
            "India",
            "Indonesia",
            "Morocco",
            "Netherlands",
            "Philippines",
            "Poland",
            "South Africa",
            "Tunisia",
            "United Kingdom",
        ],
    ),
    28: (
        "UPR Info news (28th session, November 2017; names 11 of its States): https://upr-info.org/en/news/"
        "almost-3000-recommendations-made-states-session-28",
        False,
        [
            "Argentina",
            "Benin",
            "Gabon",
            "Ghana",
            "Guatemala",
            "Japan",
            "Republic of Korea",
            "Switzerland",
            "Ukraine",
            "Zambia",
            "Czechia",
        ],
    ),
    29: (
        "UNOG press release January 2018 (UPR WG 29): https://www.ungeneva.org/en/news-media/press-release/"
        "2018/01/human-rights-council-universal-periodic-review-working-group-hold",
        True,
        [
            "France",
            "Tonga",
            "Romania",
            "Mali",
            "Botswana",
            "Bahamas",
            "Burundi",
            "Luxembourg",
            "Barbados",
            "Montenegro",
            "United Arab Emirates",
            "Israel",
            "Liechtenstein",
            "Serbia",
        ],
    ),
    31: (
        "UPR Info news (31st session, November 2018): https://www.upr-info.org/en/news/"
        "31st-session-of-the-universal-periodic-review",
        True,
        [
            "Saudi Arabia",
            "Senegal",
            "China",
            "Nigeria",
            "Mexico",
            "Mauritius",
            "Jordan",
            "Malaysia",
            "Central African Republic",
            "Monaco",
            "Belize",
            "Chad",
            "Congo",
            "Malta",
        ],
    ),
    32: (
        "UPR Info news (32nd session, January 2019): https://www.upr-info.org/en/news/conclusion-32nd-session-upr",
        True,
        [
            "New Zealand",
            "Afghanistan",
            "Chile",
            "Viet Nam",
            "Uruguay",
            "Yemen",
            "Vanuatu",
            "the Former Yugoslav Republic of Macedonia",
            "Comoros",
            "Slovakia",
            "Eritrea",
            "Cyprus",
            "Dominican Republic",
            "Cambodia",
        ],
    ),
    36: (
        "OHCHR press release 29 October 2020 (UPR WG 36): https://web.test.ohchr.un-icc.cloud/en/"
        "press-releases/2020/10/human-rights-council-universal-periodic-review-working-group-hold-thirty",
        True,
        [
            "Belarus",
            "Liberia",
            "Malawi",
            "Panama",
            "Mongolia",
            "Maldives",
            "Andorra",
            "Honduras",
            "Bulgaria",
            "Marshall Islands",
            "United States of America",
            "Croatia",
            "Libya",
            "Jamaica",
        ],
    ),
    37: (
        "OHCHR, Cycles of the UPR (37th UPR Working Group Session): "
        "https://www.ohchr.org/EN/HRBodies/UPR/Pages/CyclesUPR.aspx",
        True,
        [
            "Myanmar",
            "Micronesia",
            "Lebanon",
            "Mauritania",
            "Saint Kitts and Nevis",
            "Australia",
            "Saint Lucia",
            "Nepal",
            "Oman",
            "Austria",
            "Rwanda",
            "Georgia",
            "Nauru",
            "Sao Tome and Principe",
        ],
    ),
    38: (
        "OHCHR press release 28 April 2021 (UPR WG 38): "
        "https://www.ohchr.org/SP/HRBodies/HRC/Pages/NewsDetail.aspx?NewsID=27032&LangID=S",
        True,
        [
            "Namibia",
            "Niger",
            "Mozambique",
            "Estonia",
            "Belgium",
            "Paraguay",
            "Denmark",
            "Somalia",
            "Palau",
            "Solomon Islands",
            "Seychelles",
            "Latvia",
            "Singapore",
            "Sierra Leone",
        ],
    ),
    40: (
        "UPR Info news (conclusion of the 40th session, 2022): https://upr-info.org/fr/node/2342",
        True,
        [
            "Togo",
            "Syrian Arab Republic",
            "Iceland",
            "Venezuela (Bolivarian Republic of)",
            "Zimbabwe",
            "Lithuania",
            "Uganda",
            "Timor-Leste",
            "Moldova",
            "South Sudan",
            "Haiti",
            "Sudan",
        ],
    ),
    41: (
        "OHCHR release on UPR WG 41 (November 2022), as reprinted: "
        "https://www.silkway.news/universal-periodic-review-working-group-99603/",
        True,
        [
            "Bahrain",
            "Ecuador",
            "Tunisia",
            "Morocco",
            "Indonesia",
            "Finland",
            "United Kingdom",
            "India",
            "Algeria",
            "Philippines",
            "Brazil",
            "Poland",
            "Netherlands",
            "South Africa",
        ],
    ),
    42: (
        "UPR Info, 42nd UPR Working Group: Key Highlights (thirteen States): "
        "https://upr.info/en/news/42nd-upr-working-group-key-highlights",
        True,
        [
            "Czech Republic",
            "Argentina",
            "Gabon",
            "Ghana",
            "Peru",
            "Guatemala",
            "Benin",
            "Korea (Republic of)",
            "Switzerland",
            "Pakistan",
            "Zambia",
            "Japan",
            "Sri Lanka",
        ],
    ),
    43: (
        "UPR Info, 43rd UPR Working Group: Key Highlights: "
        "https://universalperiodicreview.com/en/news/43rd-upr-working-group-key-highlights",
        True,
        [
            "France",
            "Tonga",
            "Romania",
            "Mali",
            "Botswana",
            "Bahamas",
            "Burundi",
            "Luxembourg",
            "Barbados",
            "Montenegro",
            "United Arab Emirates",
            "Israel",
            "Liechtenstein",
            "Serbia",
        ],
    ),
    44: (
        "OHCHR press release 1 November 2023 (44th session): https://web.test.ohchr.un-icc.cloud/en/"
        "press-releases/2023/11/human-rights-records-14-states-be-examined-during-universal-periodic-review",
        True,
        [
            "Turkmenistan",
            "Burkina Faso",
            "Cabo Verde",
            "Colombia",
            "Uzbekistan",
            "Tuvalu",
            "Germany",
            "Djibouti",
            "Canada",
            "Bangladesh",
            "Russian Federation",
            "Azerbaijan",
            "Cameroon",
            "Cuba",
        ],
    ),
    45: (
        "UPR Info, 45th UPR Working Group: Key Highlights: "
        "https://www.upr-info.org/en/news/45th-upr-working-group-key-highlights",
        True,
        [
            "Saudi Arabia",
            "Senegal",
            "Malaysia",
            "Central African Republic",
            "Monaco",
            "Belize",
            "Chad",
            "Republic of the Congo",
            "China",
            "Nigeria",
            "Mauritius",
            "Mexico",
            "Jordan",
            "Malta",
        ],
    ),
    46: (
        "OHCHR release on the 46th session (April 2024), as reprinted: https://www.nationaltribune.com.au/"
        "human-rights-records-of-14-states-to-be-examined-by-universal-periodic-review-mechanism/",
        True,
        [
            "New Zealand",
            "Afghanistan",
            "Chile",
            "Cyprus",
            "Uruguay",
            "Yemen",
            "Vanuatu",
            "North Macedonia",
            "Comoros",
            "Slovakia",
            "Eritrea",
            "Viet Nam",
            "Dominican Republic",
            "Cambodia",
        ],
    ),
    47: (
        "UPR Info, 47th UPR Working Group: Key Highlights (names 13 of its 14 States): "
        "https://upr-info.org/en/news/47th-upr-working-group-key-highlights",
        False,
        [
            "Norway",
            "Albania",
            "Democratic Republic of Congo",
            "Portugal",
            "Bhutan",
            "Dominica",
            "Democratic People's Republic of Korea",
            "Brunei Darussalam",
            "Costa Rica",
            "Equatorial Guinea",
            "Ethiopia",
            "Qatar",
            "Nicaragua",
        ],
    ),
    48: (
        "OHCHR release on the 48th session (January 2025), as reprinted: https://menafn.com/1109093979/"
        "Human-Rights-Records-Of-14-States-To-Be-Examined-By-Universal-Periodic-Review-Mechanism",
        True,
        [
            "Italy",
            "El Salvador",
            "Gambia",
            "Bolivia (Plurinational State of)",
            "Fiji",
            "San Marino",
            "Kazakhstan",
            "Angola",
            "Iran (Islamic Republic of)",
            "Madagascar",
            "Iraq",
            "Slovenia",
            "Egypt",
            "Bosnia and Herzegovina",
        ],
    ),
    49: (
        "UPR Info, 49th UPR Working Group: Key highlights: "
        "https://upr-info.org/en/news/49th-upr-working-group-key-highlights",
        True,
        [
            "Armenia",
            "Grenada",
            "Guinea",
            "Guinea-Bissau",
            "Guyana",
            "Kenya",
            "Kiribati",
            "Kuwait",
            "Kyrgyzstan",
            "Lesotho",
            "Lao People's Democratic Republic",
            "Spain",
            "Sweden",
            "Türkiye",
        ],
    ),
}
SESSIONS_PER_CYCLE = 14


def state_index() -> NameIndex[str]:
    """Every name, formal name and other spelling of seed/states.csv, to its ISO3 code."""
    names: dict[str, str] = {}
    with (ROOT / "seed" / "states.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in [row["name"], row["official_name"], *row["other_names"].split("|")]:
                if name.strip():
                    names.setdefault(name.strip(), row["iso3"])
    return NameIndex(names)


def iso3(index: NameIndex[str], name: str) -> str:
    found = index.find(re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    if found is None or found.score is not None:
        raise SystemExit(f"'{name}' is no State of seed/states.csv by its exact spelling")
    return found.item


def cited_rows(index: NameIndex[str]) -> list[tuple[str, int, int, str]]:
    """(iso3, cycle, session, source) of every cited pair, in the order of the sources above."""
    rows = []
    for name in UPR_INFO:
        with (DATA / name).open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        column = table[0].index("Session")
        for line in table[1:]:
            session = int(float(line[column]))
            source = f"UPR Info export {name} (SuR {line[0]}, Session {session})"
            rows.append((iso3(index, line[0]), cycle_of_session(session), session, source))
    for name in MATRICES:
        header = " ".join(p.text for p in docx.Document(DATA / name).sections[0].header.paragraphs)
        found = read_header(header)
        source = f"OHCHR matrix {Path(name).name}, page header '{' '.join(header.split())}'"
        rows.append((iso3(index, found["state"]), found["cycle"], found["session"], source))
    for name in DRAFTS:
        document = docx.Document(DATA / name)
        text = "\n".join(p.text for p in document.paragraphs)
        session = ordinal_value(re.search(r"held its ([\w-]+) session", text).group(1))
        state = re.search(r"The review of (.+?) was held", text).group(1)
        source = f"draft Working Group report {Path(name).name}: 'held its {session}th session'"
        rows.append((iso3(index, state), cycle_of_session(session), session, source))
    for session, (source, _, names) in PAGES.items():
        rows.extend((iso3(index, n), cycle_of_session(session), session, source) for n in names)
    return rows


def build() -> list[tuple[str, int, int, str]]:
    index = state_index()
    calendar: dict[tuple[str, int], tuple[int, str]] = {}
    for state, cycle, session, source in cited_rows(index):
        known = calendar.setdefault((state, cycle), (session, source))
        if known[0] != session:
            raise SystemExit(
                f"{state} cycle {cycle}: {known[1]} says {known[0]}, {source} says {session}"
            )
    complete = {s: {iso3(index, n) for n in names} for s, (_, full, names) in PAGES.items() if full}

    agree, disagree = 0, []
    for (state, cycle), (session, _) in sorted(calendar.items()):
        if cycle in (3, 4) and (state, 2) in calendar:
            expected = calendar[(state, 2)][0] + SESSIONS_PER_CYCLE * (cycle - 2)
            if expected == session:
                agree += 1
            else:
                disagree.append(f"{state} cycle {cycle}: session {session}, rule {expected}")
    for (
        session,
        members,
    ) in complete.items():  # a complete list without the State the rule places there
        if cycle_of_session(session) < 3:
            continue
        for (state, cycle), (second, _) in calendar.items():
            rule = second + SESSIONS_PER_CYCLE * (cycle_of_session(session) - 2)
            later = (state, cycle_of_session(session))
            if cycle == 2 and rule == session and state not in members and later not in calendar:
                disagree.append(
                    f"{state} cycle {cycle_of_session(session)}: not in session {session}"
                )

    exceptions = {item.split()[0] for item in disagree}  # no derived row for a State the rule fails
    derived = 0
    for (state, cycle), (session, _) in sorted(calendar.items()):
        if cycle != 2 or state in exceptions:
            continue
        for later in (3, 4):
            if (state, later) in calendar:
                continue
            target = session + SESSIONS_PER_CYCLE * (later - 2)
            source = (
                f"derived: cycle 2 session + 14 ({session} + {SESSIONS_PER_CYCLE * (later - 2)} = {target}; "
                f"checked against {agree} cited pairs, see SOURCES.md)"
            )
            calendar[(state, later)] = (target, source)
            derived += 1
    print(f"cited pairs agreeing with the rule: {agree}; disagreeing: {len(disagree)}")
    for item in disagree:
        print("  ", item)
    print(f"rows: {len(calendar)} ({derived} derived)")
    return sorted((s, c, n, src) for (s, c), (n, src) in calendar.items())


def main() -> None:
    rows = build()
    with (ROOT / "seed" / "review_calendar.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["state_iso3", "cycle", "session", "source"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
