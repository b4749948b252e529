#!/usr/bin/python3
"""Puts one benchmark's section into docs/PERFORMANCE.md, between <!-- NAME:begin --> and <!-- NAME:end -->.

usage: update_perf_doc.py DOC NAME SECTION_TEXT
"""
import re
import sys

path, name, section = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = ("# Performance\n\nBenchmarks under bench/ run ecozone and its peers on the same data in one run and "
            "write their numbers here.\n")
begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
if begin in text:
    text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda m: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
print("updated " + path)
