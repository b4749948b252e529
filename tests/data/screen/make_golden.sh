#!/usr/bin/env bash
# Makes tests/data/screen/postgis_golden.csv with PostGIS from Debian (postgresql-15-postgis-3), in a
# throw-away cluster. Independent of ecozone: PostGIS computes every overlap and distance.
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/python3 make_screen_data.py
bin=/usr/lib/postgresql/15/bin
tmp=$(mktemp -d)
trap 'su postgres -c "$bin/pg_ctl -D $tmp/data stop -m fast" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
chown postgres "$tmp"
su postgres -c "$bin/initdb -D $tmp/data -A trust" >/dev/null
su postgres -c "$bin/pg_ctl -D $tmp/data -o '-k $tmp -c listen_addresses=' -l $tmp/log start" >/dev/null
sleep 2
cp golden.sql "$tmp/" && chmod a+r "$tmp/golden.sql"
(cd "$tmp" && su postgres -c "psql -q -h $tmp -d postgres -v ON_ERROR_STOP=1 -f golden.sql")
cp "$tmp/postgis_golden.csv" .
rm -f golden.sql
echo "wrote $(pwd)/postgis_golden.csv ($(wc -l < postgis_golden.csv) lines)"
