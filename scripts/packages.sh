# Sourced by the setup, test, sanitizer and fuzz scripts: installs the Debian 12 packages named, only
# those missing (as root, or through sudo).
install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "ecozone setup: installing ${missing[*]}" >&2
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What ecozone needs to build and test.
ecozone_packages=(
  build-essential cmake pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data libboost-dev libtbb-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev catch2
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libxxhash-dev libxlsxwriter-dev gettext
  libcpp-httplib-dev libjs-leaflet
  python3 python3-gdal python3-numpy python3-shapely python3-pyproj
)

# What the test suite needs on top: QGIS (offscreen), to prove QGIS opens and draws what ecozone writes;
# Chromium (headless) and poppler-utils, to print report.html to PDF and read the pages back; openpyxl,
# to open the .xlsx outputs as Excel would.
ecozone_test_packages=(python3-qgis qgis-providers chromium poppler-utils python3-openpyxl)

# The page's browser test drives Debian's Chromium with puppeteer-core (from the npm registry, pinned by
# tests/serve/package-lock.json; it downloads no browser). Node.js and npm from Debian when the machine
# has none.
install_page_test_tools() {
  command -v node >/dev/null 2>&1 || install_missing nodejs
  command -v npm >/dev/null 2>&1 || install_missing npm
  local dir tests_serve
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tests_serve="$dir/tests/serve"
  if [ ! -d "$tests_serve/node_modules/puppeteer-core" ] ||
     [ "$tests_serve/package-lock.json" -nt "$tests_serve/node_modules/.package-lock.json" ]; then
    echo "ecozone setup: installing puppeteer-core for the page test (npm ci)" >&2
    (cd "$tests_serve" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
