"""Enter NEA's hawker centre closures (spring cleaning, repairs) into ``food.json``.

Usage: ``python scripts/nea_closures.py DatesofHawkerCentresClosure.csv SNAPSHOT_DATE``

The CSV is data.gov.sg's "Dates of Hawker Centres Closure" (NEA, dataset
d_bda4baa634dd1cc7a6c7cad5f19e2d68): one row per centre with the four quarterly cleaning
periods (``q1_cleaningstartdate`` .. ``q4_cleaningenddate``, D/M/YYYY, "TBC" when not yet
fixed) and other works (``other_works_startdate``/``enddate``). Every dated period becomes a
``closed_periods`` entry of the matching record, with the dataset and snapshot as its source;
entries written by an earlier run are replaced, others (press-reported repairs) are kept.
Run it again with each new quarter's CSV.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from pathlib import Path

FOOD = Path(__file__).resolve().parents[1] / "bot" / "planner" / "data" / "food.json"
TAG = "NEA 'Dates of Hawker Centres Closure'"
PERIODS = (
    ("q1_cleaningstartdate", "q1_cleaningenddate", "quarterly cleaning"),
    ("q2_cleaningstartdate", "q2_cleaningenddate", "quarterly cleaning"),
    ("q3_cleaningstartdate", "q3_cleaningenddate", "quarterly cleaning"),
    ("q4_cleaningstartdate", "q4_cleaningenddate", "quarterly cleaning"),
    ("other_works_startdate", "other_works_enddate", "repairs and redecoration"),
)
# NEA's centre names -> knowledge-base ids (centres not run by NEA, such as Lau Pa Sat and
# Satay by the Bay, are not in the dataset)
NAMES = {
    "Adam Road Food Centre": "adam-road-food-centre",
    "Amoy Street Food Centre (Telok Ayer Food Centre)": "amoy-street-food-centre",
    "Bedok North Street 4 Blk 85 (85 Fengshan Centre)": "bedok-85-fengshan",
    "Buffalo Road Blk 665 (Tekka Centre/Zhu Jiao Market)": "tekka-centre",
    "Bukit Timah Market": "bukit-timah-market-food-centre",
    "Changi Village Blk 2 and 3": "changi-village-hawker-centre",
    "Chomp Chomp Food Centre": "chomp-chomp-food-centre",
    "Clementi Ave 3 Blk 448": "clementi-448-market-food-centre",
    "East Coast Lagoon Food Village": "east-coast-lagoon-food-village",
    "Geylang Serai Market": "geylang-serai-market",
    "Ghim Moh Road Blk 20": "ghim-moh-market-food-centre",
    "Golden Mile Food Centre": "golden-mile-food-centre",
    "Jalan Bukit Merah Blk 6 (ABC Brickworks Market/Food Centre)": "abc-brickworks-food-centre",
    # Yuhua Village is Blk 254 (Jurong East Street 24), not Blk 347 (Yuhua Market, Ave 1)
    "Jurong East Street 24 Blk 254 (Yuhua Village Market and Food Centre)": (
        "yuhua-village-market-food-centre"
    ),
    "Kampung Admiralty Hawker Centre": "kampung-admiralty-hawker-centre",
    "Marine Parade Central Blk 84 (84 Marine Parade Central Market and Food Centre)": (
        "marine-parade-central-food-centre"
    ),
    "Maxwell Food Centre (Kim Hua Market)": "maxwell-food-centre",
    "Newton Food Centre": "newton-food-centre",
    "Old Airport Road Blk 51 (51 Old Airport Road Food Centre and Shopping Mall)": (
        "old-airport-road-food-centre"
    ),
    "One Punggol Hawker Centre": "one-punggol-hawker-centre",
    "Pasir Ris Central Hawker Centre": "pasir-ris-central-hawker-centre",
    "Queen Street Blk 270 (Albert Centre)": "albert-centre-market-food-centre",
    "Smith Street Blk 335 (Chinatown Complex Market)": "chinatown-complex-food-centre",
    "The Hawker Centre @ Our Tampines Hub": "our-tampines-hub-hawker-centre",
    "Tiong Bahru Market": "tiong-bahru-market",
    "Upper Cross Street Blk 531A (Hong Lim Food Centre and Market)": (
        "hong-lim-market-food-centre"
    ),
    "Whampoa Drive Blk 90 (Whampoa Drive Makan Place/Whampoa Food Centre)": ("whampoa-makan-place"),
    "Yishun Park Hawker Centre": "yishun-park-hawker-centre",
    "Zion Riverside Food Centre": "zion-riverside-food-centre",
    "Holland Village Market and Food Centre": "holland-village-market-food-centre",
    "Toa Payoh Lorong 5 Blk 75": "toa-payoh-lorong-5-food-centre",
    "Telok Blangah Crescent Blk 11 (11 Telok Blangah Crescent Market and Food Centre)": (
        "telok-blangah-crescent-food-centre"
    ),
    "Tanjong Pagar Plaza Blk 6 (Blk 6 Tanjong Pagar Plaza Market and Food Centre)": (
        "tanjong-pagar-plaza-food-centre"
    ),
    "Dunman Food Centre": "dunman-food-centre",
    "Pasir Panjang Food Centre": "pasir-panjang-food-centre",
    "Bukit Merah Central Blk 163 (Bukit Merah Central Food Centre)": (
        "bukit-merah-central-food-centre"
    ),
    "Taman Jurong Market and Food Centre": "taman-jurong-market-food-centre",
    "Berseh Food Centre": "berseh-food-centre",
    "Telok Blangah Drive Blk 79 (Telok Blangah Food Centre)": "telok-blangah-food-centre",
    "Jurong East Ave 1 Blk 347 (Yuhua Market and Hawker Centre)": "yuhua-market-hawker-centre",
}


def _day(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None  # "TBC", "NA" and blanks: not yet fixed


def periods(row: dict[str, str], snapshot: str) -> tuple[list[dict[str, str]], list[str]]:
    """The row's dated closures, and the periods still to be confirmed."""
    out: list[dict[str, str]] = []
    pending: list[str] = []
    for start_key, end_key, reason in PERIODS:
        start, end = _day(row.get(start_key, "")), _day(row.get(end_key, ""))
        if start is None or end is None or end < start:
            if row.get(start_key, "").strip().upper() == "TBC":
                pending.append(start_key[:2])
            continue
        remark = row.get(f"remarks_{start_key.split('_')[0]}_works", "").strip()
        if remark.lower() not in ("", "nil", "na"):  # e.g. "Closed for redevelopment till 2029"
            reason = remark
        out.append(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "reason": f"NEA {reason}",
                "source": f"{TAG} (data.gov.sg), snapshot of {snapshot}",
            }
        )
    return out, pending


def main(csv_path: str, snapshot: str) -> int:
    data = json.loads(FOOD.read_text("utf-8"))
    by_id = {r["id"]: r for r in data["records"]}
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = {row["name"].strip(): row for row in csv.DictReader(handle)}
    for name, place_id in NAMES.items():
        row = rows.get(name)
        if row is None:
            print(f"not in this CSV: {name}", file=sys.stderr)
            continue
        record = by_id[place_id]
        found, pending = periods(row, snapshot)
        kept = [p for p in record.get("closed_periods", []) if TAG not in p["source"]]
        record["closed_periods"] = sorted(kept + found, key=lambda p: (p["start"], p["end"]))
        last = max((p["end"] for p in found if "cleaning" in p["reason"]), default=None)
        works = [p for p in found if "cleaning" not in p["reason"] and p["end"] >= snapshot]
        record["closure_note"] = closure_note(last, pending, snapshot) + "".join(
            f" {p['reason']}: closed {p['start']} to {p['end']}." for p in works
        )
    FOOD.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


def closure_note(last: str | None, pending: list[str], snapshot: str) -> str:
    """What is known and what is not about the centre's cleaning days."""
    known = f"NEA's schedule (snapshot {snapshot}) is entered up to {last}" if last else ""
    tbc = f"; {', '.join(pending)} still 'TBC' there" if pending else ""
    return (
        "Closes 1-4 days each quarter for NEA spring cleaning. "
        + (known or f"No dated closures in NEA's schedule (snapshot {snapshot})")
        + tbc
        + "; later dates are not in this data (checked 2026-11-30) - check nea.gov.sg before going."
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
