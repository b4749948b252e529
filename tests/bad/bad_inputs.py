#!/usr/bin/python3
"""Hostile and careless inputs for ecozone, one case each, run by ctest (tests/CMakeLists.txt).

    bad_inputs.py --list                                    the case names
    bad_inputs.py --run NAME --exe build/ecozone --work DIR  make the case's files in DIR/NAME and check ecozone

Every case makes its own small inputs (a bureau's layers near 资阳, sites, zones, a land-cover raster), runs
one ecozone command and asserts:
  - the exit code (1 bad input, 2 bad command line; 0 for the cases that must work, or warn);
  - that stderr matches what the message must name (the file, line, layer, feature or field, and what is wrong);
  - no crash (signal), no hang (a time limit), never "internal error";
  - nothing written or modified: every file of the case is as before, and a failed run leaves the output
    folder as it was (absent, or unchanged).
Some cases also check the output a run that succeeds wrote (a verdict that must not be clear, a neutralised
CSV cell). Uses GDAL's Python bindings (python3-gdal) to make GeoPackages, Shapefiles and rasters.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys

CASES = {}


def case(fn):
    CASES[fn.__name__[len("case_"):]] = fn
    return fn


class Case:
    def __init__(self, args, exit, stderr=None, out=None, check=None, prefix=None, timeout=120, before=None):
        self.args = args          # ecozone arguments
        self.exit = exit          # expected exit code
        self.stderr = stderr      # regex the stderr must match (re.S)
        self.out = out            # output folder or file the command is told to write (relative to the case)
        self.check = check        # f(dir, stdout, stderr) for cases that succeed
        self.prefix = prefix or []  # command prefix (ulimit, setpriv)
        self.timeout = timeout
        self.before = before      # earlier ecozone runs this case builds on: [args, …] (must exit 0)


# ------------------------------------------------------------------------------------------------ data

BOX = (104.50, 30.00, 104.80, 30.30)  # the bureau's area (lon/lat, CGCS2000)


def ring(w, s, e, n):
    return [[w, s], [e, s], [e, n], [w, n], [w, s]]


def write_geojson(path, features, crs=None):
    fc = {"type": "FeatureCollection", "features": []}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    for props, geom in features:
        fc["features"].append({"type": "Feature", "properties": props, "geometry": geom})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)


def poly(w, s, e, n):
    return {"type": "Polygon", "coordinates": [ring(w, s, e, n)]}


def redline(d, name="redline.geojson", geom=None):
    write_geojson(os.path.join(d, name), [({"code": "HX-1", "name": "红线一"}, geom or poly(104.60, 30.10, 104.62, 30.12))])


def units(d):
    w, s, e, n = BOX
    m = (w + e) / 2
    write_geojson(os.path.join(d, "units.geojson"), [
        ({"code": "ZH01", "name": "优先保护单元", "type": "优先保护单元"}, poly(w, s, m, n)),
        ({"code": "ZH02", "name": "一般管控单元", "type": "一般管控单元"}, poly(m, s, e, n)),
    ])


def zones(d, name="zones.geojson", ids=("510101", "510102")):
    w, s, e, n = BOX
    m = (w + e) / 2
    write_geojson(os.path.join(d, name), [
        ({"adcode": ids[0], "name": "甲县", "city": "某市"}, poly(w, s, m, n)),
        ({"adcode": ids[1], "name": "乙县", "city": "某市"}, poly(m, s, e, n)),
    ])


def raster(d, name="landcover.tif", size=(60, 60), nodata=None):
    from osgeo import gdal, osr
    w, s, e, n = BOX
    ds = gdal.GetDriverByName("GTiff").Create(os.path.join(d, name), size[0], size[1], 1, gdal.GDT_Byte)
    ds.SetGeoTransform([w, (e - w) / size[0], 0, n, 0, -(n - s) / size[1]])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.Fill(10)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    ds = None


def catalog(d, layers=None, extra="", head="", name="catalog.toml"):
    """layers: list of (id, role, source, extra lines[, code_field or None for none])."""
    if layers is None:
        layers = [("redline", "ecological_redline", "redline.geojson", ""), ("units", "control_unit", "units.geojson", 'zone_field = "type"')]
    text = '[catalog]\nname = "测试局"\ncrs = "EPSG:4490"\n' + head + "\n"
    for lid, role, src, more, *code in layers:
        code_line = f'code_field = "{code[0] if code else "code"}"\n' if not code or code[0] else ""
        text += f'[[layers]]\nid = "{lid}"\nrole = "{role}"\nsource = "{src}"\n{code_line}{more}\n\n'
    text += extra
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)
    return name


def bureau(d):
    """A small bureau: red line, control units, zones, land cover; returns the catalog name."""
    redline(d)
    units(d)
    zones(d)
    raster(d)
    return catalog(d, extra='[landcover]\nsource = "landcover.tif"\n\n[zones]\nsource = "zones.geojson"\nid_field = "adcode"\n'
                            'name_field = "name"\ngroup_field = "city"\n')


def sites(d, name="sites.geojson", features=None):
    if features is None:
        features = [({"id": "S1", "name": "红线内项目"}, poly(104.605, 30.105, 104.610, 30.110)),
                    ({"id": "S2", "name": "园外项目"}, poly(104.70, 30.20, 104.71, 30.21))]
    write_geojson(os.path.join(d, name), features)
    return name


def edit(d, name, old, new):
    """Replaces the first `old` in the case's file `name` (which must contain it)."""
    p = os.path.join(d, name)
    text = open(p, encoding="utf-8").read()
    assert old in text, f"{name} has no {old!r}"
    open(p, "w", encoding="utf-8").write(text.replace(old, new, 1))


def screening_json(d, out="out"):
    with open(os.path.join(d, out, "screening.json"), encoding="utf-8") as f:
        return json.load(f)


def shapefile(d, name, wkts, fields, encoding=None, cpg=None, prj=True):
    """A Shapefile with text attributes written as raw bytes (`encoding` None: as GDAL writes UTF-8)."""
    from osgeo import ogr, osr
    path = os.path.join(d, name + ".shp")
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer(name, srs if prj else None, ogr.wkbPolygon, ["ENCODING=" + (encoding or "UTF-8")])
    for fname in fields[0]:
        fd = ogr.FieldDefn(fname, ogr.OFTString)
        fd.SetWidth(40)
        lyr.CreateField(fd)
    for wkt, values in zip(wkts, fields[1]):
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(values):
            f.SetField(i, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    cpg_path = os.path.join(d, name + ".cpg")
    if os.path.exists(cpg_path):
        os.remove(cpg_path)
    if cpg is not None:
        with open(cpg_path, "w") as f:
            f.write(cpg)
    return name + ".shp"


def square_wkt(w=104.60, s=30.10, size=0.01):
    return f"POLYGON(({w} {s},{w + size} {s},{w + size} {s + size},{w} {s + size},{w} {s}))"


# ------------------------------------------------------------------------------------------------ cases
# Data loss and unsafe output

@case
def case_out_overwrites_sites_csv(d):
    cat = bureau(d)
    os.makedirs(os.path.join(d, "out"))
    with open(os.path.join(d, "out", "screening.csv"), "w", encoding="utf-8") as f:
        f.write("id,经度,纬度\nP1,104.61,30.11\n")
    return Case(["screen", "--catalog", cat, "--sites", "out/screening.csv", "--out", "out", "--no-cache"], 1,
                r"out/screening.csv: this output would overwrite .*out/screening.csv, which this run reads", out="out")


@case
def case_out_overwrites_sites_gpkg(d):
    from osgeo import gdal
    cat = bureau(d)
    os.makedirs(os.path.join(d, "out"))
    sites(d)
    gdal.VectorTranslate(os.path.join(d, "out", "screening.gpkg"), os.path.join(d, "sites.geojson"))
    return Case(["screen", "--catalog", cat, "--sites", "out/screening.gpkg", "--out", "out", "--no-cache"], 1,
                r"screening.gpkg: this output would overwrite .*screening.gpkg, which this run reads as input; nothing was written",
                out="out")


@case
def case_out_overwrites_sites_xlsx(d):
    """Sites read from a spreadsheet named like the screening.xlsx the run would write there."""
    cat = bureau(d)
    os.makedirs(os.path.join(d, "out"))
    gdal_sheet(d, ["编号", "经度", "纬度"], [("P1", "104.61", "30.11")], name=os.path.join("out", "screening.xlsx"))
    return Case(["screen", "--catalog", cat, "--sites", "out/screening.xlsx", "--out", "out", "--no-cache"], 1,
                r"screening.xlsx: this output would overwrite .*screening.xlsx, which this run reads", out="out")


@case
def case_out_overwrites_zones(d):
    from osgeo import gdal
    cat = bureau(d)
    os.makedirs(os.path.join(d, "res"))
    gdal.VectorTranslate(os.path.join(d, "res", "stats.gpkg"), os.path.join(d, "zones.geojson"))
    return Case(["stats", "--catalog", cat, "--zones", "res/stats.gpkg", "--zone-id-field", "adcode", "--out", "res",
                 "--no-cache"], 1, r"this output would overwrite .*res/stats.gpkg", out="res")


@case
def case_out_overwrites_layer(d):
    # The output folder is the data folder, and the red line is named like an output.
    bureau(d)
    redline(d, "screening.json")
    cat = catalog(d, layers=[("redline", "ecological_redline", "screening.json", ""), ("units", "control_unit", "units.geojson", "")])
    sites(d)
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", ".", "--no-cache", "--format", "json"], 1,
                r"screening.json: this output would overwrite .*screening.json, which this run reads as input")


@case
def case_style_export_over_style(d):
    shutil.copy(os.path.join(SOURCE, "styles", "default.toml"), os.path.join(d, "mystyle.toml"))
    return Case(["style", "export", "--style", "mystyle.toml", "--format", "qml", "--out", "mystyle.toml"], 1,
                r"mystyle.toml: this output would overwrite .*mystyle.toml")


@case
def case_map_out_over_screening(d):
    cat = bureau(d)
    sites(d)
    return Case(["map", "--catalog", cat, "--screening", "out/screening.json", "--site", "S1", "--dpi", "60",
                 "--out", "out/report.html.png"], 0, out="out/report.html.png",
                before=[["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache"]])


@case
def case_full_disk(d):
    # A file-size limit makes writes beyond it fail (EFBIG) as on a full disk: JSON and CSV fit, the GeoPackage does not.
    cat = bureau(d)
    feats = [({"id": f"P{i}", "name": "点位"}, {"type": "Point", "coordinates": [104.55 + i * 0.002, 30.05 + i * 0.001]}) for i in range(60)]
    sites(d, features=feats)
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--buffer-m", "300", "--out", "out", "--no-cache",
                 "--format", "json,csv,gpkg"], 1, r"out/screening.gpkg: .*(could not|failed)", out="out",
                prefix=["bash", "-c", 'ulimit -f 400; trap "" XFSZ; exec "$@"', "bash"],
                check=None)


@case
def case_csv_formula(d):
    cat = bureau(d)
    feats = [({"id": "=HYPERLINK(\"http://x\",\"点我\")", "name": "+cmd|' /C calc'!A0"}, poly(104.605, 30.105, 104.61, 30.11)),
             ({"id": "@SUM(A1)", "name": "-2+3"}, poly(104.70, 30.20, 104.71, 30.21)),
             ({"id": "-5", "name": "\tTab"}, poly(104.72, 30.20, 104.73, 30.21))]
    sites(d, features=feats)

    def check(d, out, err):
        with open(os.path.join(d, "out", "screening.csv"), encoding="utf-8-sig") as f:
            text = f.read()
        for bad in ("\n=HYPERLINK", ",+cmd", "\n@SUM", ",-2+3", ",\tTab"):
            assert bad not in text, "formula cell left live: " + repr(bad)
        for good in ("'=HYPERLINK", "'+cmd", "'@SUM", "'-2+3", "'\tTab", "\n-5,"):
            assert good in text, "missing neutralised cell " + repr(good)
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache", "--format", "csv"], 0,
                out="out", check=check)


@case
def case_map_site_with_quote(d):
    cat = bureau(d)
    sites(d, features=[({"id": "Q'1", "name": "引号"}, poly(104.605, 30.105, 104.61, 30.11)),
                       ({"id": "x' OR '1'='1", "name": "注入"}, poly(104.70, 30.20, 104.71, 30.21))])
    return Case(["map", "--catalog", cat, "--screening", "out/screening.json", "--site", "Q'1", "--dpi", "60",
                 "--out", "q1.png", "--no-cache"], 0, out="q1.png",
                before=[["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache"]])


# Silently wrong answers

@case
def case_site_far_outside(d):
    cat = bureau(d)
    sites(d, features=[({"id": "EU", "name": "欧洲"}, poly(10.0, 50.0, 10.01, 50.01)),
                       ({"id": "EDGE", "name": "跨界"}, poly(104.79, 30.10, 104.81, 30.12)),
                       ({"id": "IN", "name": "区内"}, poly(104.70, 30.20, 104.71, 30.21))])

    def check(d, out, err):
        s = {x["id"]: x for x in screening_json(d)["sites"]}
        assert s["EU"]["verdict"] == "review" and s["EU"]["screened"] is False, s["EU"]
        assert s["EDGE"]["verdict"] == "review" and 0.4 < s["EDGE"]["coverage_share"] < 0.6, s["EDGE"]["coverage_share"]
        assert any(r["rule"] == "outside-coverage" for r in s["EDGE"]["reasons"])
        # Inside the data: nothing about coverage; it is forest land (the case's raster is all class 10), so that is
        # its only reason.
        assert s["IN"]["coverage_share"] == 1.0 and [r["rule"] for r in s["IN"]["reasons"]] == ["forest-land-use"], s["IN"]
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache", "--format", "json"], 0,
                r"site EU \(欧洲\).*not screened: it lies at 10.0000, 50.0000.*far outside the area where the working CRS EPSG:4490 .*1 site lies wholly or partly outside the zoning data's coverage.*EDGE \(50.0 % inside\)", out="out", check=check)


@case
def case_site_outside_no_units(d):
    # Without control units the coverage is the zones.
    bureau(d)
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", "")],
                  extra='[zones]\nsource = "zones.geojson"\nid_field = "adcode"\nname_field = "name"\n')
    sites(d, features=[({"id": "FAR", "name": "输错经度"}, {"type": "Point", "coordinates": [114.6, 30.1]})])

    def check(d, out, err):
        s = screening_json(d)["sites"][0]
        assert s["verdict"] == "review" and s["coverage_share"] == 0, s
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--buffer-m", "100", "--out", "out", "--no-cache",
                 "--format", "json"], 0, r"outside the zoning data's coverage, the catalog's zones", out="out", check=check)


@case
def case_layer_antimeridian(d):
    units(d)
    redline(d, geom={"type": "Polygon", "coordinates": [[[179.9, 30], [-179.9, 30], [-179.9, 31], [179.9, 31], [179.9, 30]]]})
    cat = catalog(d)
    return Case(["layers", "--catalog", cat, "--no-cache"], 1,
                r"catalog.toml:\d+: layer 'redline'.*feature 0: it spans 359.8000° of longitude: it crosses the antimeridian")


@case
def case_layer_whole_globe(d):
    units(d)
    redline(d, geom=poly(-180, -90, 180, 90))
    cat = catalog(d)
    sites(d)
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache"], 1,
                r"layer 'redline'.*(covers more than half the globe|far outside)", out="out")


@case
def case_kml_unparseable_coordinates(d):
    units(d)
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
           '<name>红线</name><Polygon><outerBoundaryIs><LinearRing><coordinates>104.6,30.1 abc,def 104.62,30.12 104.6,30.1'
           '</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>')
    with open(os.path.join(d, "redline.kml"), "w", encoding="utf-8") as f:
        f.write(kml)
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.kml", "", None), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"layer 'redline'.*feature 1: it lies at 0.0000, 0.0000 – 104.6000, 30.1200 \(longitude, latitude\), far outside the area where the working CRS EPSG:4490")


@case
def case_jzd_huge_northing(d):
    bureau(d)
    with open(os.path.join(d, "parcel.txt"), "w", encoding="utf-8") as f:
        f.write("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=35\n[地块坐标]\n"
                "4,0.5,J1,地块,面,,工业,,@\nJ1,1,3340000.0,35520000.0\nJ2,1,1e300,35520100.0\n"
                "J3,1,3340100.0,35520100.0\nJ1,1,3340000.0,35520000.0\n")
    return Case(["screen", "--catalog", "catalog.toml", "--sites", "parcel.txt", "--out", "out", "--no-cache"], 1,
                r"parcel.txt:8: X 1e300 / Y 35520100.0 are not Gauss-Kruger coordinates", out="out")


def option_case(args, pattern):
    def make(d):
        cat = bureau(d)
        sites(d)
        return Case([a.replace("@CAT", cat) for a in args], 2, pattern, out="out")
    return make


for _name, _args, _pat in [
    ("buffer_nan", ["screen", "--catalog", "@CAT", "--sites", "sites.geojson", "--out", "out", "--buffer-m", "nan"], r"--buffer-m.*'nan' is not a number"),
    ("buffer_inf", ["screen", "--catalog", "@CAT", "--sites", "sites.geojson", "--out", "out", "--buffer-m", "inf"], r"--buffer-m.*'inf' is not a number"),
    ("search_negative", ["screen", "--catalog", "@CAT", "--sites", "sites.geojson", "--out", "out", "--search-m", "-5"], r"--search-m.*out of range"),
    ("dpi_nan", ["map", "--catalog", "@CAT", "--dpi", "nan", "--out", "out/m.png"], r"--dpi.*'nan' is not a number"),
    ("bbox_nan", ["map", "--catalog", "@CAT", "--bbox", "nan,30,105,31", "--out", "out/m.png"], r"--bbox 'nan,30,105,31' is not W,S,E,N"),
    ("bbox_trailing", ["map", "--catalog", "@CAT", "--bbox", "104,30,105,31x", "--out", "out/m.png"], r"is not W,S,E,N"),
    ("map_too_many_pixels", ["map", "--catalog", "@CAT", "--size", "2000x2000mm", "--dpi", "1200", "--out", "out/m.png"],
     r"94488 × 94488 pixels; a PNG map can have at most 32,767 pixels a side"),
    ("size_nan", ["map", "--catalog", "@CAT", "--size", "nanxnanmm", "--out", "out/m.png"], r"--size 'nanxnanmm' is not a page size"),
]:
    CASES["option_" + _name] = option_case(_args, _pat)


def rules_case(rule_lines, pattern):
    def make(d):
        bureau(d)
        with open(os.path.join(d, "rules.toml"), "w", encoding="utf-8") as f:
            f.write('[ruleset]\nname = "x"\n\n[[rules]]\nid = "r1"\nrole = "ecological_redline"\n' + rule_lines +
                    '\nverdict = "prohibited"\nreason = "红线"\n')
        edit(d, "catalog.toml", 'crs = "EPSG:4490"\n', 'crs = "EPSG:4490"\nrules = "rules.toml"\n')
        sites(d)
        return Case(["screen", "--catalog", "catalog.toml", "--sites", "sites.geojson", "--out", "out", "--no-cache"], 1, pattern, out="out")
    return make


for _name, _lines, _pat in [
    ("distance_nan", 'relation = "within"\ndistance_m = nan', r"rules.toml:8: 'distance_m' is nan, not a number"),
    ("distance_negative", 'relation = "within"\ndistance_m = -5.0', r"rules.toml:8: 'distance_m' = -5 is out of range: it must be from 0 to 1000000 metres"),
    ("overlap_ratio_5", "min_overlap_ratio = 5", r"rules.toml:7: 'min_overlap_ratio' = 5 is out of range: it must be from 0 to 1"),
    ("overlap_m2_inf", "min_overlap_m2 = inf", r"rules.toml:7: 'min_overlap_m2' is inf"),
]:
    CASES["rules_" + _name] = rules_case(_lines, _pat)


def targets_case(body, pattern):
    def make(d):
        cat = bureau(d)
        with open(os.path.join(d, "targets.toml"), "w", encoding="utf-8") as f:
            f.write('[targets]\nname = "t"\n\n' + body)
        return Case(["stats", "--catalog", cat, "--targets", "targets.toml", "--out", "out", "--no-cache"], 1, pattern, out="out")
    return make


_T = '[[target]]\nid = "{id}"\nindicator = "{ind}"\nvalue = {value}\nyear = {year}\n{more}\n'
for _name, _body, _pat in [
    ("value_nan", _T.format(id="a", ind="forest_pct", value="nan", year=2025, more=""), r"targets.toml:7: 'value' is nan"),
    ("value_150", _T.format(id="a", ind="forest_pct", value="150.0", year=2025, more=""), r"targets.toml:7: 'value' = 150 is out of range: it must be from 0 to 100"),
    ("year_99999", _T.format(id="a", ind="forest_pct", value="50.0", year=99999, more=""), r"targets.toml:8: 'year' = 99999 is out of range"),
    ("year_float", _T.format(id="a", ind="forest_pct", value="50.0", year="2025.5", more=""), r"targets.toml:8: 'year' must be a whole number"),
    ("duplicate_id", _T.format(id="a", ind="forest_pct", value="50.0", year=2025, more="") * 2, r"targets.toml:10: target id 'a' is used twice"),
    ("unknown_zone", _T.format(id="a", ind="forest_pct", value="50.0", year=2025, more='applies_to = ["丙县"]'),
     r"targets.toml:4: target 'a' applies to '丙县', which is no zone"),
    ("unknown_layer", _T.format(id="a", ind="layer:redlin", value="5.0", year=2025, more=""),
     r"targets.toml:4: target 'a' measures layer 'redlin'.*Do you mean 'redline'"),
]:
    CASES["targets_" + _name] = targets_case(_body, _pat)


def two_years(d, second=None):
    """bureau() with a second year of land cover (2020) beside the first (2023)."""
    bureau(d)
    raster(d, "landcover_2020.tif")
    edit(d, "catalog.toml", 'source = "landcover.tif"\n',
         'source = "landcover.tif"\nyear = 2023\neditions = [{year = 2020, source = "%s"}]\n' % (second or "landcover_2020.tif"))


def carbon_table(d, text):
    with open(os.path.join(d, "carbon.toml"), "w", encoding="utf-8") as f:
        f.write('[carbon]\nname = "测试"\n\n' + text)


@case
def case_change_one_year(d):
    bureau(d)
    return Case(["change", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 2,
                r"names 0 year\(s\) of land cover, so there is nothing to compare.*hint:.*editions", out="out")


@case
def case_change_unknown_year(d):
    two_years(d)
    return Case(["change", "--catalog", "catalog.toml", "--before", "2019", "--out", "out", "--no-cache"], 2,
                r"--before 2019: the catalog has no land cover of 2019 \(it has: 2020, 2023\)", out="out")


@case
def case_change_reversed_years(d):
    two_years(d)
    return Case(["change", "--catalog", "catalog.toml", "--before", "2023", "--after", "2020", "--out", "out", "--no-cache"], 2,
                r"--before 2023 is later than --after 2020", out="out")


@case
def case_change_other_crs(d):
    from osgeo import gdal
    two_years(d, "landcover_utm.tif")
    ds = gdal.Open(os.path.join(d, "landcover_2020.tif"))
    gdal.Warp(os.path.join(d, "landcover_utm.tif"), ds, dstSRS="EPSG:32648", resampleAlg="near")
    ds = None
    return Case(["change", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1,
                r"different coordinate systems \(landcover_utm.tif is in EPSG:32648, landcover.tif in EPSG:4490\).*never resamples.*hint:.*gdalwarp -t_srs EPSG:32648", out="out")


@case
def case_change_edition_missing(d):
    bureau(d)
    edit(d, "catalog.toml", 'source = "landcover.tif"\n', 'source = "landcover.tif"\nyear = 2023\neditions = [{year = 2020, source = "gone.tif"}]\n')
    return Case(["change", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1,
                r"catalog.toml:\d+: \[landcover\] edition 2020 'gone.tif' does not exist", out="out")


def change_target(d, indicator, applies_to="某市"):
    with open(os.path.join(d, "targets.toml"), "w", encoding="utf-8") as f:
        f.write('[[target]]\nid = "t1"\nindicator = "%s"\nvalue = 0.0\nscope = "group"\napplies_to = ["%s"]\n' % (indicator, applies_to))


@case
def case_change_carbon_target_no_table(d):
    # A carbon target with no carbon table would be "no data", never met or failed: refused before the pass.
    two_years(d)
    change_target(d, "carbon_change_t_co2e")
    return Case(["change", "--catalog", "catalog.toml", "--targets", "targets.toml", "--out", "out", "--no-cache"], 2,
                r"targets.toml:\d+: target 't1' measures carbon \(carbon_change_t_co2e\), but no carbon table is given.*hint:.*--carbon",
                out="out")


@case
def case_change_target_unknown_group(d):
    two_years(d)
    change_target(d, "forest_net_ha", "成都市")
    return Case(["change", "--catalog", "catalog.toml", "--targets", "targets.toml", "--out", "out", "--no-cache"], 1,
                r"targets.toml:\d+: target 't1' applies to '成都市', which is no group \(city\) of these zones", out="out")


def next_edition(d, redline_file="redline_2025.geojson", geom=None):
    """The bureau of bureau(d) and a later edition (catalog-2025.toml) whose red line is `redline_file`."""
    bureau(d)
    if geom is not False:
        redline(d, redline_file, geom or poly(104.60, 30.10, 104.63, 30.12))
    text = open(os.path.join(d, "catalog.toml"), encoding="utf-8").read()
    open(os.path.join(d, "catalog-2025.toml"), "w", encoding="utf-8").write(text.replace('"redline.geojson"', '"%s"' % redline_file))


@case
def case_diff_same_catalog(d):
    bureau(d)
    return Case(["diff", "--catalog", "catalog.toml", "--against", "./catalog.toml", "--out", "out", "--no-cache"], 2,
                r"--catalog and --against are the same catalog; there is nothing to compare", out="out")


@case
def case_diff_layer_missing(d):
    next_edition(d, "gone.geojson", geom=False)
    return Case(["diff", "--catalog", "catalog.toml", "--against", "catalog-2025.toml", "--out", "out", "--no-cache"], 1,
                r"catalog-2025.toml:\d+: layer 'redline'.*'gone.geojson' does not exist", out="out")


@case
def case_diff_layer_empty(d):
    # A later edition whose red line file has no features is a broken delivery, not a red line removed.
    next_edition(d, "redline_2025.shp", geom=False)
    shapefile(d, "redline_2025", [], [["code", "name"], []])
    return Case(["diff", "--catalog", "catalog.toml", "--against", "catalog-2025.toml", "--out", "out", "--no-cache"], 1,
                r"catalog-2025.toml:\d+: layer 'redline'.*this layer is empty in the later edition but has 1 feature in the "
                r"earlier: compared, it would count as removed.*hint: Check the layer's source", out="out")


@case
def case_diff_sites_missing(d):
    next_edition(d)
    return Case(["diff", "--catalog", "catalog.toml", "--against", "catalog-2025.toml", "--sites", "nosites.csv", "--out", "out",
                 "--no-cache"], 1, r"nosites.csv.*does not exist", out="out")


@case
def case_diff_other_crs(d):
    # A later edition in another working CRS is compared in the earlier one's, and says so.
    next_edition(d)
    edit(d, "catalog-2025.toml", 'crs = "EPSG:4490"', 'crs = "EPSG:4326"')

    def check(dd, out, err):
        j = json.load(open(os.path.join(dd, "out", "diff.json"), encoding="utf-8"))
        red = next(l for l in j["layers"] if l["id"] == "redline")
        assert red["features"]["geometry"] == 1, red["features"]
        assert red["gained_m2"] > 0 and red["lost_m2"] == 0, red
    return Case(["diff", "--catalog", "catalog.toml", "--against", "catalog-2025.toml", "--out", "out", "--no-cache"], 0,
                r"the later edition works in EPSG:4326, the earlier in EPSG:4490; both are compared in EPSG:4490", out="out",
                check=check)


@case
def case_map_diff_not_ours(d):
    bureau(d)
    open(os.path.join(d, "diff.json"), "w", encoding="utf-8").write('{"type": "FeatureCollection", "features": []}')
    return Case(["map", "--catalog", "catalog.toml", "--diff", "diff.json", "--out", "map.png", "--no-cache"], 1,
                r"diff.json: has no 'layers'.*hint: Pass the diff.json that ecozone wrote", out="map.png")


@case
def case_map_diff_without_gpkg(d):
    next_edition(d)
    return Case(["map", "--catalog", "catalog-2025.toml", "--diff", "out/diff.json", "--out", "map.png", "--no-cache"], 1,
                r"diff.gpkg: is missing.*hint: Run `ecozone diff` with --format including gpkg", out="map.png",
                before=[["diff", "--catalog", "catalog.toml", "--against", "catalog-2025.toml", "--format", "json", "--out", "out",
                         "--no-cache", "--quiet"]])


@case
def case_carbon_class_missing(d):
    two_years(d)
    carbon_table(d, '[[class]]\ncode = 40\nabove = 5\nbelow = 0\nsoil = 60\ndead = 0\n')
    return Case(["change", "--catalog", "catalog.toml", "--carbon", "carbon.toml", "--out", "out", "--no-cache"], 1,
                r"carbon.toml: land-cover class 10 occurs in the zones .* but the carbon table has no row for it", out="out")


@case
def case_carbon_negative(d):
    two_years(d)
    carbon_table(d, '[[class]]\ncode = 10\nabove = -5\nbelow = 0\nsoil = 60\ndead = 0\n')
    return Case(["change", "--catalog", "catalog.toml", "--carbon", "carbon.toml", "--out", "out", "--no-cache"], 1,
                r"carbon.toml:\d+: 'above' = -5 is out of range: it must be from 0 to 5000 t C/ha", out="out")


@case
def case_carbon_nan(d):
    two_years(d)
    carbon_table(d, '[[class]]\ncode = 10\nabove = nan\nbelow = 0\nsoil = 60\ndead = 0\n')
    return Case(["change", "--catalog", "catalog.toml", "--carbon", "carbon.toml", "--out", "out", "--no-cache"], 1,
                r"carbon.toml:\d+: 'above' is nan", out="out")


@case
def case_carbon_pool_missing(d):
    two_years(d)
    carbon_table(d, '[[class]]\ncode = 10\nabove = 5\nbelow = 0\nsoil = 60\n')
    return Case(["change", "--catalog", "catalog.toml", "--carbon", "carbon.toml", "--out", "out", "--no-cache"], 1,
                r"carbon.toml:\d+: class 10 of the carbon table has no 'dead' density", out="out")


@case
def case_carbon_csv_text(d):
    two_years(d)
    with open(os.path.join(d, "carbon.csv"), "w", encoding="utf-8") as f:
        f.write("lucode,c_above,c_below,c_soil,c_dead\n10,40,10,abc,0\n")
    return Case(["change", "--catalog", "catalog.toml", "--carbon", "carbon.csv", "--out", "out", "--no-cache"], 1,
                r"carbon.csv:2: c_soil 'abc' is not a number from 0 to 5,000", out="out")


@case
def case_catalog_nodata_nan(d):
    bureau(d)
    edit(d, "catalog.toml", 'source = "landcover.tif"\n', 'source = "landcover.tif"\nnodata = nan\n')
    return Case(["stats", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1, r"catalog.toml:\d+: 'nodata' is nan", out="out")


@case
def case_catalog_class_beyond_byte(d):
    bureau(d)
    edit(d, "catalog.toml", 'source = "landcover.tif"\n', 'source = "landcover.tif"\nforest_classes = [10, 300]\n')
    return Case(["stats", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1,
                r"catalog.toml:\d+: forest class 300 cannot occur in .*landcover.tif: its cells are Byte class codes from 0 to 255", out="out")


@case
def case_raster_negative_nodata(d):
    from osgeo import gdal
    bureau(d)
    ds = gdal.Open(os.path.join(d, "landcover.tif"))
    gdal.Translate(os.path.join(d, "lc16.tif"), ds, outputType=gdal.GDT_Int16, noData=-1)
    ds = None
    edit(d, "catalog.toml", '"landcover.tif"', '"lc16.tif"')
    return Case(["stats", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1, r"lc16.tif marks nodata with the negative value -1", out="out")


@case
def case_layer_where_matches_nothing(d):
    units(d)
    redline(d)
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", "where = \"code = 'nope'\""),
                             ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 0,
                r"layer 'redline'.*this layer is EMPTY: the filter where = \"code = 'nope'\" matched none of its 1 features")


@case
def case_layer_empty(d):
    units(d)
    write_geojson(os.path.join(d, "redline.geojson"), [])
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", "", None), ("units", "control_unit", "units.geojson", "")])
    sites(d)
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache", "--format", "json"], 0,
                r"layer 'redline'.*this layer is EMPTY: its source holds no features.*every site passes it", out="out")


@case
def case_redline_of_points(d):
    units(d)
    write_geojson(os.path.join(d, "redline.geojson"), [({"code": "P1"}, {"type": "Point", "coordinates": [104.6, 30.1]}),
                                                       ({"code": "L1"}, {"type": "LineString", "coordinates": [[104.6, 30.1], [104.7, 30.2]]})])
    cat = catalog(d)
    return Case(["layers", "--catalog", cat, "--no-cache"], 0,
                r"layer 'redline'.*2 of its 2 features are not areas \(feature P1: Point; feature L1: LineString\)")


@case
def case_dbf_undercounts(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt(), square_wkt(104.62)], (["code"], [["HX1"], ["HX2"]]))
    with open(os.path.join(d, "redline.dbf"), "r+b") as f:
        f.seek(4)
        f.write(struct.pack("<I", 1))
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, ""), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"redline.dbf: its header counts 1 records, but the file holds 2")


@case
def case_dbf_missing(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt()], (["code"], [["HX1"]]))
    os.remove(os.path.join(d, "redline.dbf"))
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, ""), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"redline.shp has no .dbf beside it: the Shapefile's attribute table is missing")


@case
def case_cpg_utf8_over_gbk(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt()], (["code", "name"], [["HX1", "生态保护红线"]]), encoding="CP936", cpg="UTF-8")
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, 'name_field = "name"'), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1,
                r"feature 0, field 'name'.*its .cpg file says the text is UTF-8, but it is not.*reads as GBK.*Write 936")


@case
def case_cpg_gbk_over_utf8(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt()], (["code", "name"], [["HX1", "生态保护红线"]]), cpg="936")
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, 'name_field = "name"'), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"its .cpg file says the text is GBK, but it is UTF-8 \(e.g. '生态保护红线'\)")


@case
def case_unknown_encoding(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt()], (["code"], [["HX1"]]))
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, 'encoding = "GBKK"'), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"layer 'redline'.*encoding = \"GBKK\" is not a text encoding this system knows")


@case
def case_csv_mixed_encodings(d):
    bureau(d)
    with open(os.path.join(d, "sites.csv"), "wb") as f:
        f.write("编号,名称,经度,纬度\n".encode("utf-8") + "P1,化工项目,104.61,30.11\n".encode("utf-8") +
                "P2,水泥厂项目,104.71,30.21\n".encode("gbk"))
    return Case(["screen", "--catalog", "catalog.toml", "--sites", "sites.csv", "--out", "out", "--no-cache"], 1,
                r"sites.csv:3: this file mixes text encodings: line 1 is UTF-8, line 3 is not", out="out")


def gpkg_undefined(srs_id):
    def make(d):
        from osgeo import gdal
        units(d)
        redline(d)
        gdal.VectorTranslate(os.path.join(d, "redline.gpkg"), os.path.join(d, "redline.geojson"), layerName="redline")
        con = sqlite3.connect(os.path.join(d, "redline.gpkg"))
        con.execute(f"update gpkg_geometry_columns set srs_id = {srs_id}")
        con.execute(f"update gpkg_contents set srs_id = {srs_id}")
        con.commit()
        con.close()
        cat = catalog(d, layers=[("redline", "ecological_redline", "redline.gpkg", ""), ("units", "control_unit", "units.geojson", "")])
        return Case(["layers", "--catalog", cat, "--no-cache"], 1,
                    r"layer 'redline'.*redline.gpkg declares its coordinate reference system as undefined.*"
                    r"hint: Its coordinates look like longitude/latitude: for CGCS2000, set  crs = \"EPSG:4490\"  in this "
                    r"source's catalog entry.*never guesses")
    return make


@case
def case_sites_without_crs(d):
    """A Shapefile of sites without .prj: the hint gives the exact flag to pass."""
    from osgeo import ogr
    units(d)
    redline(d)
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", ""), ("units", "control_unit", "units.geojson", "")])
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(os.path.join(d, "sites.shp"))
    layer = ds.CreateLayer("sites", None, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("id", ogr.OFTString))
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetField("id", "A")
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (104.62 30.12)"))
    layer.CreateFeature(f)
    ds = None
    return Case(["screen", "--catalog", cat, "--sites", "sites.shp", "--out", "out", "--no-cache"], 1,
                r"sites.shp has no coordinate reference system.*hint: Its coordinates look like longitude/latitude: for "
                r"CGCS2000, pass  --crs EPSG:4490\. ecozone never guesses a CRS", out="out")


CASES["gpkg_srs_0"] = gpkg_undefined(0)
CASES["gpkg_srs_minus_1"] = gpkg_undefined(-1)


@case
def case_geojson_unknown_crs(d):
    units(d)
    write_geojson(os.path.join(d, "redline.geojson"), [({"code": "HX-1"}, poly(104.60, 30.10, 104.62, 30.12))],
                  crs="urn:ogc:def:crs:EPSG::99999")
    cat = catalog(d)
    return Case(["layers", "--catalog", cat, "--no-cache"], 1,
                r"layer 'redline'.*names a coordinate reference system \(its \"crs\" member\) that PROJ does not know")


@case
def case_crs_code_with_junk(d):
    units(d)
    redline(d)
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", 'crs = "EPSG:4490x"'), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"'EPSG:4490x' is not a coordinate reference system code: after 'EPSG:' come digits only")


@case
def case_projected_working_crs(d):
    units(d)
    redline(d)
    cat = catalog(d)
    edit(d, cat, 'crs = "EPSG:4490"', 'crs = "EPSG:4523"')
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"crs = \"EPSG:4523\" is EPSG:4523.*a projected CRS; the working CRS must be longitude/latitude")


@case
def case_layer_latlon_swapped(d):
    units(d)
    write_geojson(os.path.join(d, "redline.geojson"), [({"code": "HX-1"}, poly(30.10, 104.60, 30.12, 104.62))])
    cat = catalog(d)
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"layer 'redline'.*have latitude first: longitude and latitude are swapped")


@case
def case_duplicate_zone_ids(d):
    bureau(d)
    zones(d, ids=("510101", "510101"))
    return Case(["stats", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1,
                r"zone id '510101' \(adcode\) is used by two zones in .*zones.geojson: 甲县 and 乙县", out="out")


@case
def case_site_collinear(d):
    cat = bureau(d)
    sites(d, features=[({"id": "LINE-3", "name": "三点共线"}, {"type": "Polygon", "coordinates": [[[104.6, 30.1], [104.61, 30.11], [104.62, 30.12], [104.6, 30.1]]]}),
                       ({"id": "NOGEOM", "name": "无图形"}, None),
                       ({"id": "MIXED", "name": "混合"}, {"type": "GeometryCollection", "geometries": [
                           {"type": "Point", "coordinates": [104.75, 30.25]}, poly(104.70, 30.22, 104.71, 30.23)]}),
                       ({"id": "OK", "name": "正常"}, poly(104.70, 30.20, 104.71, 30.21))])

    def check(d, out, err):
        s = {x["id"]: x for x in screening_json(d)["sites"]}
        assert set(s) == {"LINE-3", "NOGEOM", "MIXED", "OK"}, sorted(s)
        for k in ("LINE-3", "NOGEOM", "MIXED"):
            assert s[k]["screened"] is False and s[k]["verdict"] == "review" and s[k]["problem"], s[k]
            # Nothing was measured: no area, and no distances (null would say "none within search_m").
            assert s[k]["area_m2"] is None and s[k]["length_m"] is None and s[k]["nearest"] == {}, s[k]
        html = open(os.path.join(d, "out", "report.html"), encoding="utf-8").read()
        assert "Not screened: no distances were measured" in html
        assert s["OK"]["screened"] is True
    return Case(["screen", "--catalog", cat, "--sites", "sites.geojson", "--out", "out", "--no-cache"], 0,
                r"site LINE-3 \(三点共线\).*not screened: its parcel has \(almost\) no area.*site NOGEOM \(无图形\).*not screened: it has no geometry.*site MIXED \(混合\).*not screened: its geometry is a GeometryCollection mixing",
                out="out", check=check)


# Legitimate input

@case
def case_catalog_landcover_only(d):
    bureau(d)
    with open(os.path.join(d, "lc.toml"), "w", encoding="utf-8") as f:
        f.write('[catalog]\nname = "森林覆盖率"\n\n[landcover]\nsource = "landcover.tif"\n\n'
                '[zones]\nsource = "zones.geojson"\nid_field = "adcode"\nname_field = "name"\n')

    def check(d, out, err):
        z = json.load(open(os.path.join(d, "out", "stats.json"), encoding="utf-8"))["zones"]
        assert len(z) == 2 and abs(z[0]["landcover"]["forest_pct"] - 100) < 1e-6, z[0]["landcover"]
    return Case(["stats", "--catalog", "lc.toml", "--out", "out", "--no-cache"], 0, out="out", check=check)


@case
def case_layer_far_from_its_zone(d):
    # A province keeps every layer in one Gauss-Kruger zone (zone 35, 105°E), far past the zone's 3° strip:
    # legitimate, and read; only coordinates impossible for the datum (CGCS2000: China) are refused.
    from osgeo import ogr, osr
    units(d)
    redline(d)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4523)
    geo = osr.SpatialReference()
    geo.ImportFromEPSG(4490)
    geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(geo, srs)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(d, "farmland.gpkg"))
    lyr = ds.CreateLayer("farmland", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("code", ogr.OFTString))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("code", "JBNT-1")
    g = ogr.CreateGeometryFromWkt("POLYGON((100.395 30.079,100.399 30.079,100.399 30.083,100.395 30.083,100.395 30.079))")
    g.Transform(ct)
    f.SetGeometry(g)
    lyr.CreateFeature(f)
    ds = None
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.geojson", ""), ("farmland", "permanent_farmland", "farmland.gpkg", ""),
                             ("units", "control_unit", "units.geojson", "")])

    def check(d, out, err):
        assert "3 of 3 layers loaded" in out, out
    return Case(["layers", "--catalog", cat, "--no-cache"], 0, check=check)


# Crashes, hangs and errors that name nothing

@case
def case_toml_deep_dotted_key(d):
    with open(os.path.join(d, "catalog.toml"), "w") as f:
        f.write('[catalog]\nname = "x"\n' + ".".join(["a"] * 50000) + " = 1\n")
    return Case(["layers", "--catalog", "catalog.toml"], 1, r"catalog.toml:3: this TOML holds a key of more than 64 dotted parts")


@case
def case_toml_deep_arrays(d):
    with open(os.path.join(d, "catalog.toml"), "w") as f:
        f.write('[catalog]\nname = "x"\nmap_note = ' + "[" * 5000 + "]" * 5000 + "\n")
    return Case(["layers", "--catalog", "catalog.toml"], 1, r"catalog.toml:3: this TOML holds values nested more than 64 levels deep")


@case
def case_layer_fifo(d):
    units(d)
    os.mkfifo(os.path.join(d, "redline.geojson"))
    cat = catalog(d)
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"layer 'redline'.*redline.geojson is not an ordinary file \(it is a pipe", timeout=60)


@case
def case_sites_fifo(d):
    cat = bureau(d)
    os.mkfifo(os.path.join(d, "sites.csv"))
    return Case(["screen", "--catalog", cat, "--sites", "sites.csv", "--out", "out", "--no-cache"], 1,
                r"sites.csv: the sites file is not an ordinary file", out="out", timeout=60)


@case
def case_dbf_fifo(d):
    units(d)
    shp = shapefile(d, "redline", [square_wkt()], (["code"], [["HX1"]]))
    os.remove(os.path.join(d, "redline.dbf"))
    os.mkfifo(os.path.join(d, "redline.dbf"))
    cat = catalog(d, layers=[("redline", "ecological_redline", shp, ""), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"redline.dbf \(beside redline.shp\) is not an ordinary file", timeout=60)


@case
def case_catalog_is_folder(d):
    os.makedirs(os.path.join(d, "catalog.toml"))
    return Case(["layers", "--catalog", "catalog.toml"], 1, r"catalog.toml: the catalog is a folder, not a file")


@case
def case_rules_is_folder(d):
    bureau(d)
    os.makedirs(os.path.join(d, "rules"))
    edit(d, "catalog.toml", 'crs = "EPSG:4490"\n', 'crs = "EPSG:4490"\nrules = "rules"\n')
    sites(d)
    return Case(["screen", "--catalog", "catalog.toml", "--sites", "sites.geojson", "--out", "out", "--no-cache"], 1,
                r"rules: the rule set is a folder, not a file", out="out")


@case
def case_catalog_symlink_loop(d):
    os.symlink("b.toml", os.path.join(d, "a.toml"))
    os.symlink("a.toml", os.path.join(d, "b.toml"))
    return Case(["layers", "--catalog", "a.toml"], 1, r"a.toml: the catalog is a symbolic link that leads in a circle")


@case
def case_screening_json_edited(d):
    cat = bureau(d)
    sites(d)

    def edit(d):
        p = os.path.join(d, "out", "screening.json")
        j = json.load(open(p, encoding="utf-8"))
        j["sites"][1]["id"] = 17
        json.dump(j, open(p, "w", encoding="utf-8"))
    return Case(["map", "--catalog", cat, "--screening", "out/screening.json", "--site", "S1", "--out", "m.png", "--no-cache"], 1,
                r"out/screening.json: sites\[1\].id is not text", before=[["screen", "--catalog", cat, "--sites", "sites.geojson",
                                                                            "--out", "out", "--no-cache", "--format", "json,gpkg"], edit])


@case
def case_screening_json_not_json(d):
    cat = bureau(d)
    with open(os.path.join(d, "screening.json"), "w") as f:
        f.write('{"sites": [')
    return Case(["map", "--catalog", cat, "--screening", "screening.json", "--site", "S1", "--out", "m.png", "--no-cache"], 1,
                r"screening.json: is not valid JSON")


@case
def case_raster_too_large(d):
    bureau(d)
    vrt = ('<VRTDataset rasterXSize="20000000" rasterYSize="20000000"><SRS>EPSG:4490</SRS>'
           '<GeoTransform>104.5, 0.0000001, 0, 30.3, 0, -0.0000001</GeoTransform>'
           '<VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="1">landcover.tif</SourceFilename>'
           '<SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>')
    with open(os.path.join(d, "huge.vrt"), "w") as f:
        f.write(vrt)
    edit(d, "catalog.toml", '"landcover.tif"', '"huge.vrt"')
    return Case(["stats", "--catalog", "catalog.toml", "--out", "out", "--no-cache"], 1,
                r"catalog.toml:\d+: .*huge.vrt is 20000000 × 20000000 cells .*MB of memory", out="out")


@case
def case_bad_where(d):
    from osgeo import gdal
    units(d)
    redline(d)
    gdal.VectorTranslate(os.path.join(d, "redline.gpkg"), os.path.join(d, "redline.geojson"), layerName="redline")
    cat = catalog(d, layers=[("redline", "ecological_redline", "redline.gpkg", "where = \"kind = = 'x'\""), ("units", "control_unit", "units.geojson", "")])
    return Case(["layers", "--catalog", cat, "--no-cache"], 1,
                r"layer 'redline'.*the filter where = \"kind = = 'x'\" is not a valid condition for redline.gpkg.*its fields are: code, name")


@case
def case_unreadable_file(d):
    units(d)
    redline(d)
    cat = catalog(d)
    os.chmod(os.path.join(d, "redline.geojson"), 0)
    prefix = []
    if os.geteuid() == 0:  # root reads everything: run as nobody
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        for p in (d, os.path.dirname(d)):
            os.chmod(p, 0o755)
    return Case(["layers", "--catalog", cat, "--no-cache"], 1, r"layer 'redline'.*redline.geojson cannot be read: permission denied", prefix=prefix)


# ------------------------------------------------------------------------------------------------ runner

def snapshot(root, skip=None):
    out = {}
    for base, dirs, files in os.walk(root):
        for name in files + [x for x in dirs if os.path.islink(os.path.join(base, x))]:
            p = os.path.join(base, name)
            rel = os.path.relpath(p, root)
            if skip and (rel == skip or rel.startswith(skip.rstrip("/") + "/")):
                continue
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
            else:
                out[rel] = "special:" + oct(st.st_mode)
        for name in dirs:
            rel = os.path.relpath(os.path.join(base, name), root)
            if not (skip and (rel == skip or rel.startswith(skip.rstrip("/") + "/"))):
                out.setdefault(rel + "/", "dir")
    return out


def run_case(name, exe, work):
    d = os.path.join(work, name)
    if os.path.exists(d):
        for base, dirs, files in os.walk(d):  # a case may have taken permissions away
            for x in dirs + files:
                p = os.path.join(base, x)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(d)
    os.makedirs(d)
    c = CASES[name](d)
    env = dict(os.environ, ECOZONE_CACHE_DIR=os.path.join(work, ".cache-" + name), LANG="C.UTF-8")
    for step in c.before or []:
        if callable(step):
            step(d)
            continue
        r = subprocess.run([exe] + step, cwd=d, env=env, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            fail(name, "a preparing run failed", step, r.returncode, r.stdout, r.stderr)
    before = snapshot(d)
    out_existed = c.out is not None and os.path.exists(os.path.join(d, c.out))
    out_before = snapshot(os.path.join(d, c.out)) if out_existed and os.path.isdir(os.path.join(d, c.out)) else None
    cmd = c.prefix + [exe] + c.args
    try:
        r = subprocess.run(cmd, cwd=d, env=env, capture_output=True, text=True, timeout=c.timeout)
    except subprocess.TimeoutExpired:
        fail(name, f"ecozone did not finish within {c.timeout} s (a hang)", c.args, None, "", "")
    rc, out, err = r.returncode, r.stdout, r.stderr
    if rc < 0 or rc >= 128:
        fail(name, "ecozone crashed (signal)", c.args, rc, out, err)
    if "Sanitizer" in err or "runtime error:" in err:
        fail(name, "a sanitizer found an error", c.args, rc, out, err)
    if "internal error" in err or "This is a bug" in err:
        fail(name, "a user's mistake was reported as an internal error", c.args, rc, out, err)
    if rc != c.exit:
        fail(name, f"expected exit code {c.exit}", c.args, rc, out, err)
    if c.stderr and not re.search(c.stderr, err, re.S):
        fail(name, f"stderr does not match {c.stderr!r}", c.args, rc, out, err)
    # Inputs: every file of the case as it was (outputs of a run that succeeded aside).
    after = snapshot(d, skip=c.out if rc == 0 else None)
    if rc == 0 and c.out:
        before = {k: v for k, v in before.items() if not (k == c.out or k.startswith(c.out.rstrip("/") + "/"))}
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        fail(name, "files were written or modified: " + ", ".join(changed), c.args, rc, out, err)
    if rc != 0 and c.out:
        p = os.path.join(d, c.out)
        if not out_existed and os.path.exists(p):
            fail(name, f"a failed run left {c.out} behind", c.args, rc, out, err)
        if out_before is not None and snapshot(p) != out_before:
            fail(name, f"a failed run changed {c.out}", c.args, rc, out, err)
    if c.check:
        try:
            c.check(d, out, err)
        except AssertionError as e:
            fail(name, "output check failed: " + str(e), c.args, rc, out, err)
    print(f"bad input {name}: ok (exit {rc})")


def fail(name, why, args, rc, out, err):
    print(f"bad input {name}: FAILED: {why}\ncommand: ecozone {' '.join(map(str, args))}\nexit: {rc}\n"
          f"--- stdout ---\n{out}\n--- stderr ---\n{err}", file=sys.stderr)
    sys.exit(1)


# ------------------------------------------------------------------------------------------------ spreadsheets and typed sites

def gdal_sheet(d, header, rows, name="sites.xlsx", sheet="清单"):
    """A workbook written by GDAL's XLSX driver: one sheet of text cells (none at all when `rows` is empty)."""
    from osgeo import ogr
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(os.path.join(d, name))
    layer = ds.CreateLayer(sheet, geom_type=ogr.wkbNone)
    for h in header:
        layer.CreateField(ogr.FieldDefn(h, ogr.OFTString))
    for row in rows:
        f = ogr.Feature(layer.GetLayerDefn())
        for k, v in enumerate(row):
            f.SetField(k, v)
        layer.CreateFeature(f)
    ds = None


@case
def case_xlsx_corrupt(d):
    """Bytes that are no spreadsheet, named .xlsx."""
    cat = bureau(d)
    with open(os.path.join(d, "sites.xlsx"), "wb") as f:
        f.write(b"PK\x03\x04" + os.urandom(2000))
    return Case(["screen", "--catalog", cat, "--sites", "sites.xlsx", "--out", "out", "--no-cache"], 1,
                r"sites.xlsx: could not be read as a spreadsheet.*hint: Save it again", out="out")


@case
def case_xlsx_empty_sheet(d):
    """A workbook whose only sheet is empty."""
    cat = bureau(d)
    gdal_sheet(d, ["编号"], [])
    return Case(["screen", "--catalog", cat, "--sites", "sites.xlsx", "--out", "out", "--no-cache"], 1,
                r"sites.xlsx: sheet '清单' is empty: it has no header row and no sites", out="out")


@case
def case_xlsx_header_only(d):
    """A sheet with the column names and no rows (written by openpyxl, as Excel would)."""
    import openpyxl
    cat = bureau(d)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append(["编号", "经度", "纬度"])
    wb.save(os.path.join(d, "sites.xlsx"))
    return Case(["screen", "--catalog", cat, "--sites", "sites.xlsx", "--out", "out", "--no-cache"], 1,
                r"sites.xlsx.*sheet '清单'.*lists no sites: only a header row", out="out")


@case
def case_xlsx_nan_cell(d):
    """A longitude cell holding NaN (a formula error exported as text)."""
    cat = bureau(d)
    gdal_sheet(d, ["编号", "经度", "纬度"], [("A", "nan", "30.1")])
    return Case(["screen", "--catalog", cat, "--sites", "sites.xlsx", "--out", "out", "--no-cache"], 1,
                r"sheet '清单', row 2.*'nan', '30.1' is not a longitude/latitude pair", out="out")


@case
def case_point_nan(d):
    cat = bureau(d)
    return Case(["screen", "--catalog", cat, "--point", "nan,nan", "--out", "out", "--no-cache"], 2,
                r"--point 'nan,nan' is not a longitude,latitude pair", out="out")


@case
def case_point_huge(d):
    cat = bureau(d)
    return Case(["screen", "--catalog", cat, "--point", "1e308,1e308", "--out", "out", "--no-cache"], 2,
                r"--point '1e308,1e308' is (not a longitude,latitude pair|outside the globe)", out="out")


@case
def case_wkt_nan(d):
    cat = bureau(d)
    return Case(["screen", "--catalog", cat, "--wkt", "POINT (nan 30)", "--out", "out", "--no-cache"], 2,
                r"--wkt", out="out")


@case
def case_wkt_outside_globe(d):
    cat = bureau(d)
    return Case(["screen", "--catalog", cat, "--wkt", "LINESTRING (104 30, 400 30)", "--out", "out", "--no-cache"], 2,
                r"--wkt has coordinates outside the globe", out="out")


@case
def case_wkt_collection(d):
    """A geometry that mixes kinds: screened as not screened, never dropped."""
    cat = bureau(d)

    def check(d, out, err):
        data = json.load(open(os.path.join(d, "out", "screening.json"), encoding="utf-8"))
        assert len(data["sites"]) == 1 and data["sites"][0]["verdict"] == "review" and not data["sites"][0]["screened"], data["sites"]
    return Case(["screen", "--catalog", cat, "--wkt", "GEOMETRYCOLLECTION (POINT (104.6 30.1), LINESTRING (104.6 30.1, 104.61 30.11))",
                 "--out", "out", "--format", "json", "--no-cache"], 0, r"not screened", out="out", check=check)


SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--run")
    ap.add_argument("--exe")
    ap.add_argument("--work")
    a = ap.parse_args()
    if a.list:
        print("\n".join(sorted(CASES)))
    elif a.run:
        run_case(a.run, os.path.abspath(a.exe), os.path.abspath(a.work))
    else:
        ap.print_help()
