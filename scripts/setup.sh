#!/usr/bin/env bash
# Installs the Debian 12 packages ecozone needs (only those missing) and builds it (Release) in build/.
# Safe to run again: it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data libboost-dev libtbb-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev catch2
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libxxhash-dev
  python3 python3-gdal python3-numpy python3-shapely python3-pyproj
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "ecozone setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ECOZONE_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
