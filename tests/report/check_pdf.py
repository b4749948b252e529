#!/usr/bin/python3
"""Reads report.pdf back with poppler-utils and checks it is the document a consultant can attach:

- A4 pages, each with its footer (title and page number);
- the title block names the data, its edition and date, the rules, 编制单位 and the report date;
- every site of screening.json has its section, starting at the top of a page;
- the maps are vector drawings (no raster images), so they print sharp at any size.

  check_pdf.py SCREENING_DIR
"""
import json
import os
import re
import subprocess
import sys

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, timeout=120).stdout.decode()


def main():
    folder = sys.argv[1]
    pdf = os.path.join(folder, "report.pdf")
    data = json.load(open(os.path.join(folder, "screening.json"), encoding="utf-8"))
    info = run("pdfinfo", pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    if not (abs(float(size.group(1)) - 595.3) < 1 and abs(float(size.group(2)) - 841.9) < 1):
        fail(f"pages are {size.group(1)} × {size.group(2)} pt, not A4")
    texts = run("pdftotext", "-layout", pdf, "-").split("\f")[:pages]
    lines = [[l.strip() for l in t.splitlines() if l.strip()] for t in texts]
    for i, page in enumerate(lines, 1):
        if not page or not re.search(rf"第\s*{i}\s*页", page[-1]):
            fail(f"page {i} has no footer with its number")
    first = texts[0]
    for needed in ("分区管控数据", "数据版本", "数据日期", "规则", "编制单位", "报告日期", data["catalog"]["name"][:10]):
        if needed not in first:
            fail(f"the title block on page 1 does not show {needed}")
    for site in data["sites"]:
        head = f"{site['id']} {site['name']}"
        where = [i for i, p in enumerate(lines) if p and p[0].startswith(head)]
        if not where:
            fail(f"site {site['id']} has no section starting a page")
    images = run("pdfimages", "-list", pdf).splitlines()[2:]
    if images:
        fail(f"report.pdf holds {len(images)} raster images; its maps should be vector drawings")
    print(f"report.pdf: {pages} A4 pages, {len(data['sites'])} site sections")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
