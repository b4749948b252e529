#!/usr/bin/python3
"""Prints report.html to PDF in headless Chromium (Debian's chromium) and checks what a planner gets.

  check_print.py REPORT.html WORK_DIR

- every page is A4;
- no page is blank but for a heading, and no page is empty;
- the summary table's header is repeated on every page it runs onto (<thead>);
- every site card starts a new page (its heading is at the top), the first one right after the
  section heading;
- at the width of an A4 page no table cell is squeezed to a character or two per line;
- the maps are embedded at print resolution (at least 190 ppi at 180 mm wide).
Exits 1 listing what is wrong.
"""
import base64
import html
import os
import re
import shutil
import struct
import subprocess
import sys

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    print("check_print.py: Debian's chromium is not installed (the test command installs it).", file=sys.stderr)
    sys.exit(1)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, timeout=300, **kw)


def browser_args(work):
    return [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={os.path.join(work, 'profile')}"]


def page_texts(pdf):
    info = run(["pdfinfo", pdf]).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    if not (abs(float(size.group(1)) - 595.3) < 1.5 and abs(float(size.group(2)) - 841.9) < 1.5):
        fail(f"pages are {size.group(1)} × {size.group(2)} pt, not A4 (595 × 842)")
    text = run(["pdftotext", "-layout", pdf, "-"]).stdout.decode()
    return text.split("\f")[:pages]


def main():
    report, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    source = open(report, encoding="utf-8").read()
    pdf = os.path.join(work, "report.pdf")
    run(browser_args(work) + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + os.path.abspath(report)])
    pages = page_texts(pdf)
    lines = [[l.strip() for l in p.splitlines() if l.strip()] for p in pages]
    headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", source)]

    for i, page in enumerate(lines, 1):
        if not page:
            fail(f"page {i} is empty")
        elif all(any(l.startswith(h[:12]) for h in headings) for l in page):
            fail(f"page {i} holds only a heading: {' / '.join(page)}")

    # The summary table runs from page 1 until the notes or the per-site section begin.
    for i in range(1, len(lines)):
        page = lines[i]
        if not page or any(l.startswith(("数据提示", "逐项分析")) for l in page[:2]):
            break
        if not re.match(r"^S\d+|^编号", page[0]):
            break
        if not page[0].startswith("编号"):
            fail(f"page {i + 1} continues the summary table without its header row (it starts '{page[0][:40]}')")

    # Site cards: each heading at the top of its page.
    cards = re.findall(r'<div class="card" id="site-[^"]*"><h3>(.*?)<span', source)
    section = next((i for i, p in enumerate(lines) if any(l.startswith("逐项分析") for l in p)), None)
    if section is None:
        fail("the per-site section (逐项分析) is on no page")
        section = len(lines)
    for k, title in enumerate(html.unescape(t).strip() for t in cards):
        where = [i for i, p in enumerate(lines) if i >= section and any(l.startswith(title) for l in p)]
        if not where:
            fail(f"the card '{title}' is on no page")
            continue
        top = lines[where[0]][:3 if k == 0 else 1]
        if not any(l.startswith(title) for l in top):
            fail(f"the card '{title}' does not start a page (page {where[0] + 1})")

    # Column widths at an A4 text width (186 mm = 703 CSS px), measured in the page itself.
    probe = os.path.join(work, "probe.html")
    # A cell is squeezed when its text runs over three lines or more with two characters or fewer on each.
    checker = """<script>window.addEventListener('load',function(){var bad=[];
document.querySelectorAll('td,th').forEach(function(c){var t=c.textContent.replace(/\\s+/g,'');if(t.length<3)return;
var r=document.createRange();r.selectNodeContents(c);var tops={};
Array.prototype.forEach.call(r.getClientRects(),function(q){if(q.width>0)tops[Math.round(q.top)]=1;});
var lines=Object.keys(tops).length;if(lines>=3&&t.length/lines<=2.5)bad.push(t.slice(0,20)+' ('+lines+' lines)');});
var p=document.createElement('pre');p.id='squeezed';p.textContent=JSON.stringify(bad);document.body.appendChild(p);
var fv=document.getElementById('fv'),out={};fv.value='prohibited';fv.dispatchEvent(new Event('change'));
out.shown=document.getElementById('shown').textContent;
out.visible=Array.prototype.filter.call(document.querySelectorAll('#sites tbody tr'),function(r){return r.style.display!=='none';}).length;
fv.value='';fv.dispatchEvent(new Event('change'));var h=document.querySelector('#sites thead th');h.click();h.click();
out.first=document.querySelector('#sites tbody tr td').textContent;
var q=document.createElement('pre');q.id='tools';q.textContent=JSON.stringify(out);document.body.appendChild(q);});</script>"""
    with open(probe, "w", encoding="utf-8") as f:
        f.write(source.replace("</body>", checker + "</body>"))
    dom = run(browser_args(work) + ["--window-size=703,1000", "--virtual-time-budget=10000", "--dump-dom",
                                    "file://" + os.path.abspath(probe)]).stdout.decode()
    m = re.search(r'<pre id="squeezed">(.*?)</pre>', dom, re.S)
    if not m:
        fail("the column check did not run in Chromium")
    elif m.group(1) != "[]":
        fail("cells squeezed to a character or two per line at A4 width: " + html.unescape(m.group(1))[:400])

    # The summary table filters and sorts on the page.
    m = re.search(r'<pre id="tools">(.*?)</pre>', dom, re.S)
    prohibited = source.count('<tr data-verdict="prohibited">')
    ids = re.findall(r'<tr data-verdict="[a-z]+"><td class="id"><a href="#site-[^"]*">([^<]*)</a>', source)
    if not m:
        fail("the table tools did not run in Chromium")
    else:
        import json
        tools = json.loads(html.unescape(m.group(1)))
        if int(tools["shown"]) != prohibited or tools["visible"] != prohibited:
            fail(f"filtering on 禁止 shows {tools['shown']} ({tools['visible']} rows), not the {prohibited} prohibited sites")
        if ids and tools["first"] != max(ids):
            fail(f"sorting by 编号 descending starts with {tools['first']}, not {max(ids)}")

    # Maps at print resolution.
    maps = re.findall(r'<img class="map"[^>]*src="data:image/png;base64,([^"]+)"', source)
    if not maps:
        fail("report.html embeds no maps")
    for k, b64 in enumerate(maps):
        head = base64.b64decode(b64[:64])
        width = struct.unpack(">I", head[16:20])[0]
        if width / (180 / 25.4) < 190:
            fail(f"map {k + 1} is {width} px wide: {width / (180 / 25.4):.0f} ppi at 180 mm, below print resolution")
    print(f"{len(pages)} A4 pages, {len(cards)} site cards, {len(maps)} maps")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
