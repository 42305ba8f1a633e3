"""Write labels.csv from the hand judgements beside this script and the real text of each recommendation.

The judgements (judgements_slovenia.txt, judgements_upr_info.txt) were made by reading each recommendation;
this script only joins them with the source files so that labels.csv carries the row's identity and the first
200 characters of its text. Batch 1 was labelled before the rule was written; batch 2 (judgements_upr_info_blind.txt)
after, without running it. Run from the repository top: python tests/data/education/make_labels.py
"""

import csv
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent
MATRIX_CSV = DATA / "ohchr" / "ohchr_matrix_slovenia_c2-c4_normalised.csv"
UPR_INFO = "upr-info_right-to-education_sessions01-20.csv"
MATRIX_FILES = {
    "2": "UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "3": "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
    "4": "upr48-slovenia-thematic-list-of-recommendatio.docx",
}


def judgements(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("|", 3 if "slovenia" in name else 2) for line in lines if line[:1].isdigit()]


def main() -> None:
    with MATRIX_CSV.open(encoding="utf-8", newline="") as handle:
        matrix = {
            (r["source_file"], r["rec_id"]): r["recommendation"] for r in csv.DictReader(handle)
        }
    with (DATA / "upr_info" / UPR_INFO).open(encoding="utf-8", newline="") as handle:
        # Row numbers as a person sees them in the file and as the importer reports them: header = row 1.
        upr_info = {number: row[3] for number, row in enumerate(csv.reader(handle), start=1)}
    out = []
    for cycle, rec_id, education, reason in judgements("judgements_slovenia.txt"):
        source = MATRIX_FILES[cycle]
        out.append([source, rec_id, "", matrix[(source, rec_id)][:200], education, reason, "1"])
    for batch, name in (("1", "judgements_upr_info.txt"), ("2", "judgements_upr_info_blind.txt")):
        for row, education, reason in judgements(name):
            out.append([UPR_INFO, "", row, upr_info[int(row)][:200], education, reason, batch])
    keys = [(r[0], r[1], r[2]) for r in out]
    assert len(keys) == len(set(keys)), "a recommendation is judged twice"
    with (HERE / "labels.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["source_file", "rec_id", "row", "text", "education", "reason", "batch"])
        writer.writerows(out)
    print(f"{len(out)} labels, {sum(r[4] == '1' for r in out)} on education")


if __name__ == "__main__":
    main()
