#!/usr/bin/env bash
# Extracts the translatable messages (tr, trn, tr_noop) from the sources into po/ecozone.pot and merges
# them into each po/<lang>.po. Run after changing a message; then translate what msgmerge marks new or fuzzy.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --keyword=tr_noop \
  --flag=tr:1:no-c-format --flag=trn:1:no-c-format --flag=trn:2:no-c-format --flag=tr_noop:1:no-c-format \
  --add-comments=TRANSLATORS: --sort-by-file --no-wrap --package-name=ecozone \
  --msgid-bugs-address="the ecozone issue tracker" -o po/ecozone.pot $(git ls-files 'src/*.cpp' 'src/*.hpp')
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap "$po" po/ecozone.pot
  msgattrib --no-obsolete --no-wrap -o "$po" "$po"  # messages gone from the sources go from the catalogue
done
