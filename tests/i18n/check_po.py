#!/usr/bin/env python3
"""Every message the sources mark for translation is translated in each po/<lang>.po: none missing,
untranslated or fuzzy, and each translation keeps its message's places ({1}.., {n}), so that no value
is dropped from a Chinese message or shown twice.

    check_po.py SOURCE_DIR      (xgettext and msgfmt from Debian's gettext)
"""
import pathlib
import re
import subprocess
import sys
import tempfile


def entries(po_text):
    """(msgid, msgid_plural, [msgstr...], flags) for every entry but the header."""
    out = []
    for block in po_text.split("\n\n"):
        lines = [l for l in block.splitlines() if l.strip()]
        if not lines:
            continue
        flags = set()
        fields, key = {}, None
        for line in lines:
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            else:
                m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
                if m:
                    key = m.group(1)
                    fields[key] = m.group(2)
                elif key and line.startswith('"'):
                    fields[key] += line[1:-1]
        if fields.get("msgid", "") == "":
            continue
        strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        out.append((fields["msgid"], fields.get("msgid_plural"), strs, flags))
    return out


def places(text):
    return sorted(set(re.findall(r"\{(?:[1-9]|n)\}", text)))


def main():
    src = pathlib.Path(sys.argv[1])
    files = subprocess.run(["git", "ls-files", "src/*.cpp", "src/*.hpp"], cwd=src, capture_output=True,
                           text=True, check=True).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "ecozone.pot"
        subprocess.run(["xgettext", "--language=C++", "--from-code=UTF-8", "--keyword=tr", "--keyword=trn:1,2",
                        "--keyword=tr_noop", "--no-wrap", "-o", str(pot), *files], cwd=src, check=True)
        wanted = {(e[0], e[1]) for e in entries(pot.read_text(encoding="utf-8"))}
    problems = []
    for po in sorted((src / "po").glob("*.po")):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
        have = {}
        for msgid, plural, strs, flags in entries(po.read_text(encoding="utf-8")):
            if "fuzzy" in flags:
                problems.append(f"{po.name}: fuzzy: {msgid!r}")
            if not strs or any(s == "" for s in strs):
                problems.append(f"{po.name}: not translated: {msgid!r}")
            for s in strs:
                if places(s) != places(msgid + (plural or "")):
                    problems.append(f"{po.name}: places differ: {msgid!r} -> {s!r}")
            have[(msgid, plural)] = strs
        for key in sorted(wanted - have.keys()):
            problems.append(f"{po.name}: missing (run scripts/update-po.sh and translate it): {key[0]!r}")
        print(f"{po.name}: {len(wanted)} messages in the sources, {len(have)} in the catalogue")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
