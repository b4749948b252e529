# The PostGIS peer of the benchmarks, sourced by screen_bench.sh and stats_bench.sh: a throw-away cluster in
# $work (PostgreSQL 15 and PostGIS from Debian) and the catalog's eight zoning layers loaded with ogr2ogr.
pg_bin=/usr/lib/postgresql/15/bin

# pg_start WORK [SERVER OPTIONS…]: a new cluster in WORK/pg, listening on a socket in WORK only.
pg_start() {
  local work=$1; shift
  rm -rf "$work/pg" && mkdir -p "$work/pg" && chown -R postgres "$work"
  su postgres -c "$pg_bin/initdb -D $work/pg -A trust" >/dev/null
  su postgres -c "$pg_bin/pg_ctl -D $work/pg -o '-k $work -c listen_addresses= $*' -l $work/pg.log start" >/dev/null
  sleep 2
  PG="PG:host=$work dbname=postgres user=postgres"
  pg_work=$work
  psql_ "-c 'CREATE EXTENSION postgis'"
}

pg_stop() { su postgres -c "$pg_bin/pg_ctl -D $1/pg stop -m fast" >/dev/null 2>&1 || true; }

psql_() { su postgres -c "psql -q -h $pg_work -d postgres -v ON_ERROR_STOP=1 $*"; }

# pg_load_layers DATA [OGR2OGR OPTIONS…]: the zoning layers of the generated province data, one table each
# (redline, protected, units, farmland, urban, water, parks, green), in EPSG:4490.
pg_load_layers() {
  local data=$1; shift
  ogr() { ogr2ogr -f PostgreSQL "$PG" "$@" -t_srs EPSG:4490 -nlt PROMOTE_TO_MULTI -lco GEOMETRY_NAME=geom -lco FID=fid --config PG_USE_COPY YES; }
  ogr "$data/zoning.gpkg" redline -nln redline "$@"
  ogr "$data/zoning.gpkg" protected_area -nln protected "$@"
  ogr "$data/zoning.gpkg" control_unit -nln units "$@"
  ogr "$data/farmland/permanent_farmland.shp" -nln farmland -oo ENCODING=CP936 "$@"
  ogr "$data/urban_boundary.geojson" -nln urban "$@"
  ogr "$data/water_source.kml" -nln water "$@"
  ogr "$data/industrial_parks.gpkg" -nln parks "$@"
  ogr "$data/green_space.geojson" -nln green "$@"
}
