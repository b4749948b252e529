#!/usr/bin/python3
"""Checks change.json of `ecozone change` on sample_data against sums made independently of it.

  check_change.py ECOZONE CHANGE_DIR WORK_DIR

- Every matrix row sums to that class's area in the first year and every column to the second, as
  `ecozone stats` measures each year on its own (a catalog whose [landcover] is that year), within 1e-6.
- Forest and green: before/after areas, gain, loss and net recomputed from the matrix; after − before =
  net + what came from or went to no data.
- Carbon: each year's stock and the change recomputed by hand from layers/carbon-sample.toml.
- The groups are the sums of their zones.
- QGIS (python3-qgis, offscreen) opens change.gpkg, applies its stored diverging style and draws every zone.
Exits 1 naming the first figure that is off.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, within  # noqa: E402

exe, change_dir, work = sys.argv[1:4]
src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.makedirs(work, exist_ok=True)


def close(a, b, rel=1e-6, abs_=0.02):
    return within(a, b, rel, abs_)


change = json.load(open(os.path.join(change_dir, "change.json"), encoding="utf-8"))
NODATA = None


def stats_of_year(year, source):
    """class_m2 per zone id from `ecozone stats` on a catalog whose land cover is `source` (as change.json names
    it: relative to the source folder, where the test ran)."""
    source = os.path.join(src, source)
    text = open(os.path.join(src, "layers", "sample.toml"), encoding="utf-8").read()
    text = text.replace('"../sample_data/', '"' + os.path.join(src, "sample_data") + "/")
    text = re.sub(r'^rules = "', 'rules = "' + os.path.join(src, "layers") + "/", text, flags=re.M)
    text = text.replace('carbon = "carbon-sample.toml"', "")
    text = re.sub(r"^editions = .*$", "", text, flags=re.M)
    text = re.sub(r'^\[landcover\]\nsource = "[^"]*"', '[landcover]\nsource = "%s"' % source, text, flags=re.M)
    cat = os.path.join(work, "catalog_%d.toml" % year)
    open(cat, "w", encoding="utf-8").write(text)
    out = os.path.join(work, "stats_%d" % year)
    subprocess.run([exe, "stats", "--catalog", cat, "--out", out, "--format", "json", "--quiet", "--no-cache"], check=True,
                   stderr=subprocess.DEVNULL)
    st = json.load(open(os.path.join(out, "stats.json"), encoding="utf-8"))
    return {z["id"]: {int(c): a for c, a in z["landcover"]["class_m2"].items()} for z in st["zones"]}


before = stats_of_year(change["before"]["year"], change["before"]["path"])
after = stats_of_year(change["after"]["year"], change["after"]["path"])
table = tomllib.load(open(os.path.join(src, "layers", "carbon-sample.toml"), "rb"))
density = {c["code"]: {p: c[p] for p in ("above", "below", "soil", "dead")} for c in table["class"]}
forest, green = set(change["forest_classes"]), set(change["green_classes"])


def cover(matrix, classes):
    b = sum(m["m2"] for m in matrix if m["from"] in classes)
    a = sum(m["m2"] for m in matrix if m["to"] in classes)
    valid = [m for m in matrix if m["from"] is not None and m["to"] is not None]
    gain = sum(m["m2"] for m in valid if m["to"] in classes and m["from"] not in classes)
    loss = sum(m["m2"] for m in valid if m["from"] in classes and m["to"] not in classes)
    return b, a, gain, loss


for level in ("zones", "groups"):
    for z in change[level]:
        name = "%s %s" % (level, z["id"])
        rows, cols = {}, {}
        for m in z["matrix"]:
            if m["from"] is not None:
                rows[m["from"]] = rows.get(m["from"], 0) + m["m2"]
            if m["to"] is not None:
                cols[m["to"]] = cols.get(m["to"], 0) + m["m2"]
        if level == "zones":
            for year_sums, sums, what in ((before[z["id"]], rows, "row"), (after[z["id"]], cols, "column")):
                check(set(k for k, v in year_sums.items() if v > 0.01) == set(k for k, v in sums.items() if v > 0.01),
                      "%s: %s classes %s differ from stats' %s" % (name, what, sorted(sums), sorted(year_sums)))
                for c, a in year_sums.items():
                    check(close(sums.get(c, 0), a), "%s: %s sum of class %d is %.2f m², stats says %.2f" % (name, what, c, sums.get(c, 0), a))
        for key, classes in (("forest", forest), ("green", green)):
            b, a, gain, loss = cover(z["matrix"], classes)
            f = z[key]
            check(close(f["before_m2"], b) and close(f["after_m2"], a), "%s: %s areas differ from the matrix" % (name, key))
            check(close(f["gain_m2"], gain) and close(f["loss_m2"], loss), "%s: %s gain/loss differ from the matrix" % (name, key))
            check(close(f["net_m2"], gain - loss), "%s: %s net is not gain − loss" % (name, key))
            inflow = sum(m["m2"] for m in z["matrix"] if m["from"] is None and m["to"] in classes)
            outflow = sum(m["m2"] for m in z["matrix"] if m["to"] is None and m["from"] in classes)
            check(close(a - b, f["net_m2"] + inflow - outflow), "%s: %s after − before ≠ net + no-data flows" % (name, key))
            check(close(f["before_pct"], 100 * b / z["area_m2"], 1e-6, 1e-4), "%s: %s before_pct" % (name, key))
        # Carbon by hand.
        stock_b = sum(m["m2"] / 1e4 * sum(density[m["from"]].values()) for m in z["matrix"] if m["from"] is not None)
        stock_a = sum(m["m2"] / 1e4 * sum(density[m["to"]].values()) for m in z["matrix"] if m["to"] is not None)
        delta = sum(m["m2"] / 1e4 * (sum(density[m["to"]].values()) - sum(density[m["from"]].values()))
                    for m in z["matrix"] if m["from"] is not None and m["to"] is not None)
        c = z["carbon"]
        check(close(c["before_t_c"]["total"], stock_b, 1e-9, 0.05), "%s: carbon stock before %.2f, by hand %.2f" % (name, c["before_t_c"]["total"], stock_b))
        check(close(c["after_t_c"]["total"], stock_a, 1e-9, 0.05), "%s: carbon stock after" % name)
        check(close(c["change_t_c"]["total"], delta, 1e-9, 0.05), "%s: carbon change %.2f, by hand %.2f" % (name, c["change_t_c"]["total"], delta))
        check(close(c["change_t_co2e"], delta * 44 / 12, 1e-9, 0.05), "%s: CO2e is not C × 44/12" % name)
        check(c["balance"] == ("sink" if delta > 0 else "source" if delta < 0 else "neutral"), "%s: balance" % name)

# Targets on the change: each one's value is the figure it names, and met is the comparison.
OPS = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b,
       "=": lambda a, b: a == b}
checked = 0
for level in ("zones", "groups"):
    for z in change[level]:
        for t in z["targets"]:
            figure = {"forest_change_pp": z["forest"]["change_pp"], "green_change_pp": z["green"]["change_pp"],
                      "forest_net_ha": z["forest"]["net_m2"] / 1e4,
                      "carbon_change_t_co2e": z["carbon"]["change_t_co2e"] if z["carbon"] else None,
                      "carbon_stock_t_c": z["carbon"]["after_t_c"]["total"] if z["carbon"] else None}[t["indicator"]]
            check(close(t["actual"], figure, 1e-6, 0.01), "%s %s: target %s is %s, the figure %s" % (level, z["id"], t["id"], t["actual"], figure))
            check(t["met"] == OPS[t["comparison"]](t["actual"], t["target"]), "%s %s: target %s met is wrong" % (level, z["id"], t["id"]))
            checked += 1
if change.get("targets"):
    check(checked > 0, "change.json names a targets file but no zone or group has a target checked")

# Groups are the sums of their zones.
zones = {z["id"]: z for z in change["zones"]}
for g in change["groups"]:
    for key in ("forest", "green"):
        s = sum(zones[m][key]["net_m2"] for m in g["members"])
        check(close(g[key]["net_m2"], s, 1e-9, 0.1), "group %s: %s net is not the sum of its zones" % (g["id"], key))

# QGIS draws change.gpkg with its stored style.
gpkg = os.path.join(change_dir, "change.gpkg")
con = sqlite3.connect(gpkg)
qml = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'zones'").fetchone()
con.close()
check(qml is not None and "graduatedSymbol" in qml[0] and 'attr="forest_change_pp"' in qml[0], "change.gpkg: no diverging style for zones")
if qml:
    qml_path = os.path.join(work, "change_zones.qml")
    open(qml_path, "w", encoding="utf-8").write(qml[0])
    r = subprocess.run([sys.executable, os.path.join(src, "tests", "qgis", "check_in_qgis.py"), "style", qml_path, gpkg, "zones",
                        "forest_change_pp", "2"])
    check(r.returncode == 0, "QGIS did not draw change.gpkg's zones with the stored style")

if failures:
    sys.exit(1)
print("change.json: %d zones and %d groups agree with stats of each year, the matrix and the carbon table" %
      (len(change["zones"]), len(change["groups"])))
