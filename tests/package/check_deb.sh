#!/usr/bin/env bash
# The Debian package and `cmake --install`, as a user gets them: cpack builds the .deb from the build folder, its control data must
# declare the libraries and the font it needs, and the program unpacked from it into a temporary root (no
# installation on this machine) must run there and find its own shipped rules and style — screening the
# sample sites with them — not the source tree's.
#   check_deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work="$build/package-test"
rm -rf "$work"
mkdir -p "$work/out" "$work/root"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/ecozone_*.deb)
echo "package: $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libgdal libgeos-c libproj libtbb libcairo2 libpango fonts-noto-cjk libxxhash libjs-leaflet; do
  [[ "$depends" == *"$lib"* ]] || { echo "the package does not depend on $lib"; exit 1; }
done
dpkg-deb -c "$deb" >"$work/contents.txt"
for f in usr/bin/ecozone usr/share/ecozone/layers/rules-default.toml usr/share/ecozone/layers/carbon-sample.toml usr/share/ecozone/styles/default.toml \
         usr/share/locale/zh_CN/LC_MESSAGES/ecozone.mo usr/share/ecozone/web/index.html usr/share/ecozone/web/app.js; do
  grep -q " ./$f\$" "$work/contents.txt" || { echo "the package does not hold /$f"; exit 1; }
done
# Its dependencies are satisfiable here (a dry run; nothing is installed).
apt-get install -s -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }

dpkg-deb -x "$deb" "$work/root"
exe="$work/root/usr/bin/ecozone"
export ECOZONE_CACHE_DIR="$work/cache"
"$exe" --version
# A catalog without  rules = …  uses the shipped default rule set: the installed copy.
sed -e '/^rules = /d' -e "s|^carbon = \"|carbon = \"$src/layers/|" -e "s|\"\.\./sample_data/|\"$src/sample_data/|" "$src/layers/sample.toml" >"$work/catalog.toml"
"$exe" layers --catalog "$work/catalog.toml" >"$work/layers.txt" 2>"$work/layers.err"
grep -q "8 of 8 layers loaded" "$work/layers.txt" || { cat "$work/layers.txt" "$work/layers.err"; exit 1; }
"$exe" screen --catalog "$work/catalog.toml" --sites "$src/sample_data/sites.geojson" --out "$work/screening" \
  --format json --quiet 2>"$work/screen.err"
rules=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rules']['path'])" "$work/screening/screening.json")
[[ "$rules" == "$work/root/usr/share/ecozone/layers/rules-default.toml" ]] || { echo "the installed program read rules from $rules"; exit 1; }
# Under a Chinese locale it speaks Chinese (its installed message catalogue).
LC_ALL= LANGUAGE= LANG=zh_CN.UTF-8 "$exe" layers --catalog "$work/catalog.toml" >"$work/layers-zh.txt" 2>/dev/null
grep -q "已加载 8 个图层中的 8 个。" "$work/layers-zh.txt" || { cat "$work/layers-zh.txt"; exit 1; }
"$exe" style export --format qml >"$work/style.qml"
grep -q categorizedSymbol "$work/style.qml"
# cmake --install into any prefix: the program finds its files under that prefix too.
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
"$work/prefix/bin/ecozone" style export --format sld >"$work/style.sld"
"$work/prefix/bin/ecozone" screen --catalog "$work/catalog.toml" --sites "$src/sample_data/sites.geojson" \
  --out "$work/screening-prefix" --format json --quiet 2>/dev/null
grep -q "\"path\": \"$work/prefix/share/ecozone/layers/rules-default.toml\"" "$work/screening-prefix/screening.json" ||
  { echo "the program installed under $work/prefix did not read its own rules"; exit 1; }
echo "installed ecozone from $(basename "$deb") ran: 8 layers, 30 sites screened with $rules"
