#!/usr/bin/python3
"""Above 200 sites report.html keeps its maps: each site's map is a file in report_maps/ beside it.

  check_many_sites.py ECOZONE WORK_DIR

Screens 205 points spread over the sample counties (some with ids that are not safe file names) and
checks that every screened site's card links a map file that exists, is a PNG, and lies inside
report_maps/.
"""
import os
import re
import shutil
import subprocess
import sys


def main():
    exe, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sites = os.path.join(work, "many.csv")
    with open(sites, "w", encoding="utf-8") as f:
        f.write("编号,项目名称,行业类别,经度,纬度,占地半径米\n")
        for i in range(205):
            lon = 104.55 + (i % 15) * 0.03
            lat = 30.05 + (i // 15) * 0.02
            site_id = f"M{i:03d}" if i % 50 else f"../M {i}/\"x\""  # hostile ids must not become paths
            quoted = '"' + site_id.replace('"', '""') + '"'
            f.write(f"{quoted},测试点{i},工业,{lon:.5f},{lat:.5f},100\n")
    out = os.path.join(work, "out")
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    run = subprocess.run([exe, "screen", "--catalog", "layers/sample.toml", "--sites", sites, "--out", out, "--format",
                          "html,json", "--quiet"], cwd=root, capture_output=True, timeout=600)
    if run.returncode != 0:
        print(run.stderr.decode(), file=sys.stderr)
        sys.exit(f"ecozone screen exited {run.returncode}")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    links = re.findall(r'<a href="(report_maps/[^"]+)"><img class="map" loading="lazy"', page)
    failures = []
    if len(links) != 205:
        failures.append(f"report.html links {len(links)} site maps, not 205")
    for link in links:
        path = os.path.realpath(os.path.join(out, link))
        if not path.startswith(os.path.realpath(os.path.join(out, "report_maps")) + os.sep):
            failures.append(f"map {link} lies outside report_maps/")
        elif not os.path.isfile(path) or open(path, "rb").read(8) != b"\x89PNG\r\n\x1a\n":
            failures.append(f"map {link} is missing or not a PNG")
    if "data:image/png" in page.split('class="sites"')[1]:
        failures.append("site maps were embedded although there are more than 200 sites")
    if len(set(links)) != len(links):
        failures.append("two sites share a map file")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    print(f"{len(links)} site maps in report_maps/")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
