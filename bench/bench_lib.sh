# Sourced by the benchmarks (from the repository's root): what each one starts with — a scratch folder $work,
# removed on exit; the province data; the packages; the time and memory of a run.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The province data in DIR (default /tmp/ecozone-province), generated when missing.
province_data() {
  local data=${1:-/tmp/ecozone-province}
  [ -f "$data/catalog.toml" ] || /usr/bin/python3 scripts/make_sample_data.py --province "$data" >&2
  echo "$data"
}

# Installs the Debian packages named that are missing, then builds ecozone (scripts/setup.sh).
bench_prepare() {
  local need=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
  bash scripts/setup.sh >/dev/null
}

measure() {  # label, command...: prints "seconds max_rss_mb"
  local label=$1; shift
  local out="$work/time.$label"
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$work/err.$label" || { cat "$work/err.$label" >&2; return 1; }
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' "$out"
}
