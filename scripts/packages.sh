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
  python3 python3-gdal python3-numpy python3-shapely python3-pyproj
)

# What the test suite needs on top: QGIS (offscreen), to prove QGIS opens and draws what ecozone writes;
# Chromium (headless) and poppler-utils, to print report.html to PDF and read the pages back; openpyxl,
# to open the .xlsx outputs as Excel would.
ecozone_test_packages=(python3-qgis qgis-providers chromium poppler-utils python3-openpyxl)
