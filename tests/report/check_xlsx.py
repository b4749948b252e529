#!/usr/bin/python3
"""Opens screening.xlsx and stats.xlsx with openpyxl (Debian's python3-openpyxl) and checks them against
the JSON written by the same run — what a planner who opens them in Excel gets.

  check_xlsx.py SCREENING_DIR STATS_DIR
"""
import json
import math
import os
import sys

import openpyxl

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def header(ws):
    zh = [c.value for c in ws[1]]
    en = [c.value for c in ws[2]]
    if ws.freeze_panes != "A3":
        fail(f"{ws.title}: the header rows are not frozen (freeze at {ws.freeze_panes})")
    if not ws.auto_filter.ref:
        fail(f"{ws.title}: has no filter on its header")
    if any(not z for z in zh) or any(not e for e in en):
        fail(f"{ws.title}: a header cell is empty")
    for col, letter in enumerate(ws.iter_cols(min_row=1, max_row=1)):
        width = ws.column_dimensions[letter[0].column_letter].width
        if not width or width < 5:
            fail(f"{ws.title}: column {en[col]} has no width")
    return en


def rows(ws, keys):
    for r in ws.iter_rows(min_row=3):
        yield {k: c for k, c in zip(keys, r)}


def close(a, b, tol):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def check_screening(folder):
    data = json.load(open(os.path.join(folder, "screening.json"), encoding="utf-8"))
    wb = openpyxl.load_workbook(os.path.join(folder, "screening.xlsx"))
    if wb.sheetnames[:2] != ["项目 Sites", "占用与邻近 Hits"]:
        fail(f"screening.xlsx sheets are {wb.sheetnames}")
        return
    ws = wb["项目 Sites"]
    keys = header(ws)
    listed = list(rows(ws, keys))
    if len(listed) != len(data["sites"]):
        fail(f"screening.xlsx lists {len(listed)} sites, screening.json {len(data['sites'])}")
    for row, site in zip(listed, data["sites"]):
        if row["site_id"].data_type != "s" or row["site_id"].value != site["id"]:
            fail(f"site {site['id']}: its id is {row['site_id'].value!r} ({row['site_id'].data_type}), not text")
        if row["verdict"].value != site["verdict"] or row["verdict_label"].value != site["verdict_label"]:
            fail(f"site {site['id']}: verdict {row['verdict'].value}/{row['verdict_label'].value}, json {site['verdict']}")
        if site.get("area_m2") and not close(row["area_m2"].value, site["area_m2"], 1e-6):
            fail(f"site {site['id']}: area {row['area_m2'].value} m², json {site['area_m2']}")
        if site.get("area_m2") and not close(row["area_mu"].value, site["area_m2"] / 666.6666666667, 1e-6):
            fail(f"site {site['id']}: area {row['area_mu'].value} 亩 is not its m² ÷ 666.67")
    ws = wb["占用与邻近 Hits"]
    keys = header(ws)
    hits = list(rows(ws, keys))
    expected = [(s["id"], h) for s in data["sites"] for h in s["hits"]]
    if len(hits) != len(expected):
        fail(f"screening.xlsx lists {len(hits)} hits, screening.json {len(expected)}")
    for row, (sid, h) in zip(hits, expected):
        if row["site_id"].value != sid or row["feature_code"].data_type != "s":
            fail(f"hit of {sid}: id {row['site_id'].value!r}, code {row['feature_code'].value!r} not text")
        if h["overlaps"]:
            if not close(row["overlap_ratio"].value, h["overlap_ratio"], 1e-6):
                fail(f"hit of {sid}: overlap_ratio {row['overlap_ratio'].value}, json {h['overlap_ratio']} (same 0–1 ratio)")
            if "%" not in row["overlap_ratio"].number_format:
                fail(f"hit of {sid}: overlap_ratio is not shown as a percentage")
    print(f"screening.xlsx: {len(listed)} sites, {len(hits)} hits")


def check_stats(folder):
    data = json.load(open(os.path.join(folder, "stats.json"), encoding="utf-8"))
    wb = openpyxl.load_workbook(os.path.join(folder, "stats.xlsx"))
    ws = wb["目标 Targets"]
    keys = header(ws)
    listed = list(rows(ws, keys))
    expected = [(z, t) for level in ("zones", "groups") for z in data.get(level, []) for t in z["targets"]]
    if len(listed) != len(expected):
        fail(f"stats.xlsx lists {len(listed)} targets, stats.json {len(expected)}")
    for row, (z, t) in zip(listed, expected):
        if row["id"].value != z["id"] or row["target_id"].value != t["id"]:
            fail(f"target row {row['target_id'].value} of {row['id'].value}: json has {t['id']} of {z['id']}")
        if t.get("actual") is not None and not close(row["actual_pct"].value, t["actual"], 1e-4):  # json rounds to 4 decimals
            fail(f"target {t['id']} of {z['id']}: actual {row['actual_pct'].value}, json {t['actual']}")
        want = "无数据" if t.get("actual") is None else ("达标" if t["met"] else "未达标")
        if row["met"].value != want:
            fail(f"target {t['id']} of {z['id']}: {row['met'].value}, json says {want}")
    ws = wb["县区 Zones"]
    keys = header(ws)
    zones = list(rows(ws, keys))
    if len(zones) != len(data["zones"]):
        fail(f"stats.xlsx lists {len(zones)} zones, stats.json {len(data['zones'])}")
    for row, z in zip(zones, data["zones"]):
        if row["id"].data_type != "s":
            fail(f"zone {z['id']}: its code is not text")
        if not close(row["forest_pct"].value, z["landcover"]["forest_pct"], 1e-4):
            fail(f"zone {z['id']}: forest {row['forest_pct'].value} %, json {z['landcover']['forest_pct']}")
    print(f"stats.xlsx: {len(listed)} targets, {len(zones)} zones")


def main():
    check_screening(sys.argv[1])
    check_stats(sys.argv[2])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
