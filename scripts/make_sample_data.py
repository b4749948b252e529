#!/usr/bin/python3
"""Deterministic generator of ecozone's sample data.

    scripts/make_sample_data.py                      # sample_data/ (资阳, 巴中, 绵阳; committed)
    scripts/make_sample_data.py --province DIR       # all Sichuan counties, province scale (benchmarks)
    scripts/make_sample_data.py --province DIR --sites 100000 --sites-only   # only 100,000 province sites
    scripts/make_sample_data.py --province DIR --earlier-year-only   # only the 2020 land cover beside 2023
    scripts/make_sample_data.py --next-edition-only  # only the 2025 zoning edition (sample_data/edition_2025/)

County boundaries are real (../shared/data/admin, MIT licence). Every zoning layer, the land-cover
raster and the project sites are synthetic: plausible shapes placed with a seeded random generator.
The same seed gives the same files. Uses only Debian packages: python3-gdal, python3-shapely,
python3-numpy, python3-pyproj.
"""

import argparse
import csv
import math
import os
import random
import re
import shutil
import sys

import numpy as np
from osgeo import gdal, ogr, osr
from pyproj import Transformer
from shapely import wkb as shapely_wkb
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.ops import unary_union
from shapely import affinity
from shapely.prepared import prep
from shapely.strtree import STRtree

gdal.UseExceptions()
ogr.UseExceptions()
# Reproducible GeoPackages: no wall-clock timestamps.
gdal.SetConfigOption("OGR_CURRENT_DATE", "2024-01-01T00:00:00Z")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ADMIN = os.path.join(REPO, "..", "shared", "data", "admin")
EARLIER_YEAR = 2020  # the earlier land-cover year beside the current one (2023)
SAMPLE_CITIES = ["资阳市", "巴中市", "绵阳市"]

# Approximate county seats (lon, lat); used to place towns, parks and water sources.
SEATS = {
    "雁江区": (104.65, 30.12), "安岳县": (105.33, 30.10), "乐至县": (105.03, 30.28),
    "巴州区": (106.77, 31.86), "恩阳区": (106.64, 31.79), "通江县": (107.24, 31.91),
    "南江县": (106.83, 32.35), "平昌县": (107.10, 31.56), "涪城区": (104.74, 31.46),
    "游仙区": (104.80, 31.48), "安州区": (104.57, 31.54), "三台县": (105.09, 31.10),
    "盐亭县": (105.39, 31.21), "梓潼县": (105.17, 31.64), "北川羌族自治县": (104.45, 31.62),
    "平武县": (104.53, 32.41), "江油市": (104.75, 31.78),
}

REDLINE_TYPES = ["水源涵养", "生物多样性维护", "水土保持"]
M_PER_DEG = 111_320.0


def gk_transformer(epsg_from, epsg_to):
    return Transformer.from_crs(epsg_from, epsg_to, always_xy=True)


def transform_geom(geom, transformer):
    def tx(xs, ys, zs=None):
        x2, y2 = transformer.transform(xs, ys)
        return x2, y2
    from shapely.ops import transform
    return transform(tx, geom)


def blob(rng, cx, cy, radius_m, n=120, roughness=0.35):
    """A star-shaped polygon around (cx, cy) in degrees with a wavy outline of n vertices."""
    k = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    amp = [rng.uniform(0.2, 1.0) * roughness for _ in range(4)]
    coords = []
    cos_lat = math.cos(math.radians(cy))
    for i in range(n):
        t = 2 * math.pi * i / n
        r = 1.0
        for j, (ph, a) in enumerate(zip(k, amp)):
            r += a / (j + 1) * math.sin((j + 2) * t + ph)
        r += rng.uniform(-0.03, 0.03)
        r = max(r, 0.25) * radius_m
        coords.append((cx + r * math.cos(t) / (M_PER_DEG * cos_lat), cy + r * math.sin(t) / M_PER_DEG))
    return Polygon(coords).buffer(0)


def random_point_in(rng, poly, tries=1000):
    minx, miny, maxx, maxy = poly.bounds
    for _ in range(tries):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            return p
    return poly.representative_point()


def deg(dist_m, lat):
    """Metres east-west to degrees of longitude at latitude lat (rough, for placing shapes)."""
    return dist_m / (M_PER_DEG * math.cos(math.radians(lat)))


def parts_of(g):
    return list(g.geoms) if hasattr(g, "geoms") else [g]


class Subtractor:
    """Subtracts a large multipolygon from many small shapes, touching only its nearby parts."""

    def __init__(self, geom):
        self.parts = [p for p in parts_of(geom) if not p.is_empty]
        self.tree = STRtree(self.parts) if self.parts else None

    def __call__(self, g):
        if self.tree is None:
            return g
        for part in self.tree.query(g):
            if g.intersects(part):
                g = g.difference(part)
        return g

    def clip(self, g):
        """The part of the large geometry inside g."""
        if self.tree is None:
            return Polygon()
        near = [part.intersection(g) for part in self.tree.query(g) if part.intersects(g)]
        return unary_union(near) if near else Polygon()


# ----------------------------------------------------------------------------------------- writers

def srs_of(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def ogr_type(kind):
    return {"str": ogr.OFTString, "int": ogr.OFTInteger, "real": ogr.OFTReal}[kind]


def write_layer(path, driver, layer_name, epsg, fields, rows, geom_type=ogr.wkbUnknown, layer_options=None,
                dataset_options=None, append=False, write_prj=True):
    """rows: list of (shapely geometry in `epsg` coordinates, dict of attributes)."""
    drv = ogr.GetDriverByName(driver)
    if append and os.path.exists(path):
        ds = ogr.Open(path, 1)
    else:
        if os.path.exists(path):
            drv.DeleteDataSource(path)
        ds = drv.CreateDataSource(path, options=dataset_options or [])
    srs = srs_of(epsg) if epsg else None
    lyr = ds.CreateLayer(layer_name, srs=srs, geom_type=geom_type, options=layer_options or [])
    for name, kind, width in fields:
        fd = ogr.FieldDefn(name, ogr_type(kind))
        if width:
            fd.SetWidth(width)
        lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    for geom, attrs in rows:
        f = ogr.Feature(defn)
        for k, v in attrs.items():
            if v is not None:
                f.SetField(k, v)
        if geom is not None:
            if geom_type == ogr.wkbMultiPolygon and geom.geom_type == "Polygon":
                geom = MultiPolygon([geom])
            f.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
        lyr.CreateFeature(f)
    ds = None


# ----------------------------------------------------------------------------------------- counties

def load_counties(cities=None, province=None):
    ds = ogr.Open(os.path.join(ADMIN, "counties_sichuan_chongqing.geojson"))
    lyr = ds.GetLayer(0)
    out = []
    for f in lyr:
        if cities and f.GetField("city") not in cities:
            continue
        if province and f.GetField("province") != province:
            continue
        g = shapely_wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
        out.append({"adcode": f.GetField("adcode"), "name": f.GetField("name"), "city": f.GetField("city"),
                    "geom": g})
    out.sort(key=lambda c: c["adcode"])
    return out


def seat_of(county):
    p = SEATS.get(county["name"])
    if p and county["geom"].contains(Point(p)):
        return Point(p)
    return county["geom"].representative_point()


# ----------------------------------------------------------------------------------------- layers

def make_layers(rng, counties, scale):
    """Builds every synthetic zoning layer in lon/lat (EPSG:4490 coordinates)."""
    region = unary_union([c["geom"] for c in counties])
    by_name = {c["name"]: c for c in counties}
    seats = {c["name"]: seat_of(c) for c in counties}
    lat0 = region.centroid.y

    # Urban development boundary around each county seat.
    urban = []
    for c in counties:
        s = seats[c["name"]]
        r = rng.uniform(2500, 5000) if c["name"].endswith("区") else rng.uniform(1500, 3200)
        g = blob(rng, s.x, s.y, r, n=90, roughness=0.25).intersection(c["geom"])
        if g.is_empty:
            g = s.buffer(0.01).intersection(c["geom"])
        if g.is_empty:
            continue
        urban.append((g, {"code": "CZKFBJ" + c["adcode"], "name": c["name"] + "城镇开发边界", "county": c["name"]}))
    urban_union = unary_union([g for g, _ in urban])

    # Industrial parks near seats; chemical parks named in the seeds.
    park_specs = [
        ("雁江区", "资阳高新技术产业园区", "综合园区", 0), ("安岳县", "安岳经济开发区", "综合园区", 0),
        ("乐至县", "乐至经济开发区", "综合园区", 0), ("游仙区", "绵阳经开区化工园区", "化工园区", 1),
        ("盐亭县", "盐亭化工园区（规划）", "化工园区", 1), ("江油市", "江油工业园区", "综合园区", 0),
        ("巴州区", "曾口-金堂化工园区", "化工园区", 1), ("平昌县", "平昌石龙门化工园区", "化工园区", 1),
        ("三台县", "三台工业园区", "综合园区", 0), ("恩阳区", "恩阳食品产业园", "综合园区", 0),
    ]
    parks = []
    for county, name, kind, chem in park_specs:
        if county not in by_name:
            continue
        s = seats[county]
        ang = rng.uniform(0, 2 * math.pi)
        dist = rng.uniform(3500, 6500)
        cx = s.x + deg(dist * math.cos(ang), s.y)
        cy = s.y + dist * math.sin(ang) / M_PER_DEG
        g = blob(rng, cx, cy, rng.uniform(900, 1800), n=40, roughness=0.2).intersection(by_name[county]["geom"])
        parks.append((g, {"code": "YQ" + by_name[county]["adcode"] + "%02d" % len(parks), "name": name,
                          "type": kind, "chemical": chem}))
    # Province scale: more parks, generic names.
    for c in counties:
        if any(p[1]["name"].startswith(c["name"][:2]) for p in parks) or scale["sample"]:
            continue
        s = seats[c["name"]]
        g = blob(rng, s.x + deg(4000, s.y), s.y, 1200, n=40).intersection(c["geom"])
        parks.append((g, {"code": "YQ" + c["adcode"] + "01", "name": c["name"] + "工业园区", "type": "综合园区",
                          "chemical": 0}))
    park_union = unary_union([g for g, _ in parks])

    # Protected areas: general-control zone with a core zone inside; named after real places.
    pa_specs = [
        ("南江县", "光雾山自然保护区", 106.85, 32.62, 9000), ("通江县", "诺水河自然保护区", 107.30, 32.28, 8000),
        ("平昌县", "驷马河湿地自然公园", 107.25, 31.60, 3500), ("巴州区", "五台山自然保护区", 106.62, 32.02, 5000),
        ("平武县", "王朗自然保护区", 103.98, 32.98, 12000), ("北川羌族自治县", "片口自然保护区", 104.17, 31.95, 8000),
        ("安州区", "千佛山自然保护区", 104.24, 31.62, 6500), ("江油市", "观雾山自然保护区", 104.62, 32.08, 5000),
        ("安岳县", "安岳石刻风景名胜区", 105.45, 29.95, 3000),
    ]
    protected = []
    for county, name, x, y, r in pa_specs:
        if county not in by_name:
            continue
        cg = by_name[county]["geom"]
        if not cg.contains(Point(x, y)):
            p = cg.representative_point()
            x, y = p.x, p.y
        outer = blob(rng, x, y, r, n=160, roughness=0.3).intersection(region)
        core = blob(rng, x + deg(r * 0.1, y), y, r * 0.45, n=100, roughness=0.25).intersection(outer)
        general = outer.difference(core)
        code = "ZRBHD" + by_name[county]["adcode"] + "%02d" % (len(protected) // 2 + 1)
        protected.append((core, {"code": code + "-H", "name": name, "zone": "核心保护区"}))
        protected.append((general, {"code": code + "-Y", "name": name, "zone": "一般控制区"}))
    for c in counties:
        if scale["sample"] or rng.random() > 0.25:
            continue
        p = random_point_in(rng, c["geom"])
        r = rng.uniform(3000, 9000)
        outer = blob(rng, p.x, p.y, r, n=120).intersection(c["geom"])
        core = blob(rng, p.x, p.y, r * 0.45, n=80).intersection(outer)
        code = "ZRBHD" + c["adcode"] + "01"
        protected.append((core, {"code": code + "-H", "name": c["name"] + "自然保护区", "zone": "核心保护区"}))
        protected.append((outer.difference(core), {"code": code + "-Y", "name": c["name"] + "自然保护区",
                                                   "zone": "一般控制区"}))
    protected_union = unary_union([g for g, _ in protected])

    # Ecological red line: every protected area, plus blobs that favour the mountainous north and west.
    redline = []
    for g, a in protected:
        if a["zone"] == "一般控制区":
            continue
    for i, (g, a) in enumerate([p for p in protected if p[1]["zone"] == "一般控制区"]):
        outer = unary_union([g] + [h for h, b in protected if b["name"] == a["name"] and b["zone"] == "核心保护区"])
        redline.append((outer, {"code": "HX" + a["code"][5:11] + "-%03d" % (len(redline) + 1),
                                "name": a["name"] + "生态保护红线", "type": "生物多样性维护"}))
    keep_out = Subtractor(urban_union.union(park_union).buffer(0.003))
    for c in counties:
        cg = c["geom"]
        minx, miny, maxx, maxy = cg.bounds
        mountain = max(0.0, min(1.0, (cg.centroid.y - 30.0) / 2.5)) + max(0.0, (104.5 - cg.centroid.x) / 3.0)
        n = int(round(scale["redline_per_county"] * (0.4 + mountain)))
        for k in range(n):
            p = random_point_in(rng, cg)
            r = rng.uniform(600, 3500) * (1 + mountain)
            g = keep_out(blob(rng, p.x, p.y, r, n=scale["redline_vertices"], roughness=0.4).intersection(cg))
            if g.is_empty or g.area < 1e-7:
                continue
            if g.geom_type == "GeometryCollection":
                g = unary_union([x for x in g.geoms if x.geom_type in ("Polygon", "MultiPolygon")])
            redline.append((g, {"code": "HX%s-%03d" % (c["adcode"], len(redline) + 1),
                                "name": "%s%s生态保护红线%02d" % (c["name"], REDLINE_TYPES[k % 3], k + 1),
                                "type": REDLINE_TYPES[k % 3]}))
    # Two features keep a self-intersection, as real submissions do; ecozone repairs and reports them.
    for idx in (3, 7):
        if idx < len(redline):
            g, a = redline[idx]
            poly = g if g.geom_type == "Polygon" else max(g.geoms, key=lambda x: x.area)
            cs = list(poly.exterior.coords)[:-1]
            m = len(cs) // 2
            cs[5], cs[m] = cs[m], cs[5]
            redline[idx] = (Polygon(cs), a)  # invalid on purpose (bow-tie)
    redline_union = unary_union([g.buffer(0) for g, _ in redline])

    # Drinking-water source zones near seats: grade 1 inside grade 2 inside 准保护区.
    water = []
    ws_names = {"雁江区": "老鹰水库", "安岳县": "书房坝水库", "乐至县": "蟠龙河水库", "涪城区": "涪江涪城段",
                "江油市": "涪江江油段", "巴州区": "化成水库", "平昌县": "巴河平昌段", "三台县": "鲁班水库",
                "南江县": "明江河南江段", "通江县": "通江河通江段"}
    for c in counties:
        if c["name"] not in ws_names and (scale["sample"] or rng.random() > 0.5):
            continue
        s = seats[c["name"]]
        ang = rng.uniform(0, 2 * math.pi)
        cx = s.x + deg(6000 * math.cos(ang), s.y)
        cy = s.y + 6000 * math.sin(ang) / M_PER_DEG
        if not c["geom"].contains(Point(cx, cy)):
            cx, cy = s.x + deg(3000, s.y), s.y
        base = ws_names.get(c["name"], c["name"] + "集中式") + "饮用水水源保护区"
        g1 = blob(rng, cx, cy, 600, n=50, roughness=0.2)
        g2 = blob(rng, cx, cy, 1600, n=70, roughness=0.25).difference(g1)
        g3 = blob(rng, cx, cy, 3000, n=80, roughness=0.25).difference(g1).difference(g2)
        code = "SYD" + c["adcode"]
        for g, grade, sfx in ((g1, "一级保护区", "1"), (g2, "二级保护区", "2"), (g3, "准保护区", "3")):
            water.append((g.intersection(c["geom"]), {"code": code + "-" + sfx, "name": base, "zone": grade}))
    water_union = unary_union([g for g, a in water if a["zone"] != "准保护区"])

    # Permanent basic farmland: many small patches in the lowlands, outside red line, towns and parks.
    farmland = []
    avoid = Subtractor(unary_union([redline_union, urban_union, park_union, water_union]).buffer(0.0005))
    for c in counties:
        cg = c["geom"]
        cg_prepared = prep(cg)
        lowland = max(0.05, min(1.0, (32.2 - cg.centroid.y) / 2.0)) * max(0.2, min(1.0, (cg.centroid.x - 103.8)))
        n = int(scale["farmland_per_county"] * lowland)
        for k in range(n):
            p = random_point_in(rng, cg)
            w = rng.uniform(120, 700)
            h = rng.uniform(100, 450)
            rect = Polygon([(-w, -h), (w, -h), (w * 0.9, h), (-w * 1.1, h)])
            rect = affinity.rotate(rect, rng.uniform(0, 180), origin=(0, 0))
            rect = affinity.scale(rect, 1 / (M_PER_DEG * math.cos(math.radians(p.y))), 1 / M_PER_DEG, origin=(0, 0))
            rect = affinity.translate(rect, p.x, p.y)
            g = avoid(rect if cg_prepared.contains(rect) else rect.intersection(cg))
            if g.is_empty or g.area < 2e-8:
                continue
            if g.geom_type == "GeometryCollection":
                g = unary_union([x for x in g.geoms if x.geom_type in ("Polygon", "MultiPolygon")])
                if g.is_empty:
                    continue
            farmland.append((g, {"DKBH": "%s%05d" % (c["adcode"], k + 1), "DLMC": rng.choice(["水田", "旱地", "水浇地"]),
                                 "XZQMC": c["name"], "ZLDWMC": c["name"] + "示例村"}))

    # Green space inside the urban boundaries (parks G1, protective G2, squares G3).
    green = []
    print("  layers: urban %d, parks %d, protected %d, red line %d, water %d, farmland %d"
          % (len(urban), len(parks), len(protected), len(redline), len(water), len(farmland)), file=sys.stderr)
    for g_urban, a in urban:
        c = by_name[a["county"]]
        for k in range(scale["green_per_town"]):
            p = random_point_in(rng, g_urban)
            r = rng.uniform(80, 400)
            cls = rng.choice(["G1", "G1", "G2", "G3"])
            label = {"G1": "公园绿地", "G2": "防护绿地", "G3": "广场用地"}[cls]
            g = blob(rng, p.x, p.y, r, n=24, roughness=0.15).intersection(g_urban)
            if g.is_empty:
                continue
            green.append((g, {"code": "LD%s%03d" % (c["adcode"], k + 1), "name": "%s%s%02d" % (c["name"], label, k + 1),
                              "class": cls}))

    # Environmental control units tiling each county: priority, key (towns and parks), general.
    units = []
    access = []
    priority_base = Subtractor(unary_union([redline_union, protected_union, water_union]))
    key_base = Subtractor(urban_union.union(park_union))
    for c in counties:
        cg = c["geom"]
        serial = 1
        pri = priority_base.clip(cg).buffer(0)
        key = key_base.clip(cg).buffer(0).difference(pri)
        gen = cg.difference(pri.union(key).buffer(0))
        for g, digit, kind, sub in ((pri, "1", "优先保护单元", ""), (key, "2", "重点管控单元", "城镇/产业"),
                                    (gen, "3", "一般管控单元", "")):
            g = unary_union([x for x in getattr(g, "geoms", [g]) if x.geom_type in ("Polygon", "MultiPolygon")])
            if g.is_empty:
                continue
            code = "ZH%s%s%04d" % (c["adcode"], digit, serial)
            serial += 1
            units.append((g, {"code": code, "name": c["name"] + kind, "type": kind, "county": c["name"]}))
            access.append(access_clauses(code, c["name"], kind))
    return {
        "region": region, "urban": urban, "parks": parks, "protected": protected, "redline": redline,
        "water": water, "farmland": farmland, "green": green, "units": units, "access": access, "seats": seats,
    }


def access_clauses(code, county, kind):
    if kind == "优先保护单元":
        return [code, county + kind,
                "生态保护红线内严格禁止开发性、生产性建设活动，仅允许对生态功能不造成破坏的有限人为活动；"
                "自然保护地核心保护区原则上禁止人为活动；饮用水水源一级保护区内禁止新建、改建、扩建与供水设施和保护水源无关的建设项目。",
                "禁止新设排污口；现有排污口依法整治。",
                "加强生态环境风险防控，禁止新建涉及有毒有害物质的仓储设施。",
                "严格控制水资源开发强度，保障生态流量。"]
    if kind == "重点管控单元":
        return [code, county + kind,
                "新建化工项目应进入合规化工园区；城镇建成区内不再新建重污染企业，现有企业有序搬迁。",
                "严格执行污染物排放总量控制，新建项目实行主要污染物排放等量或减量替代。",
                "园区建立环境风险防控体系和应急预案，涉危化品企业设置事故应急池。",
                "单位工业增加值能耗和水耗达到国内先进水平，推进园区循环化改造。"]
    return [code, county + kind,
            "落实普适性生态环境保护要求，限制高污染、高耗能项目布局。",
            "农业面源污染控制，畜禽养殖废弃物资源化利用。",
            "加强农村饮用水水源地风险防控。",
            "推进节水灌溉，提高资源利用效率。"]


# ----------------------------------------------------------------------------------------- sites

def make_sites(rng, L, counties):
    """About 30 proposed sites placed to exercise every rule: inside red line and core zones, on red-line
    edges, across counties, in water-source zones, chemical projects in and out of chemical parks."""
    by_name = {c["name"]: c for c in counties}
    seats = L["seats"]
    sites = []

    def add(geom, name, category, buffer_m=None, note=""):
        sites.append((geom, {"id": "S%02d" % (len(sites) + 1), "name": name, "category": category,
                             "buffer_m": buffer_m, "note": note}))

    def rect_at(p, w_m, h_m, rot=0.0):
        r = Polygon([(-w_m, -h_m), (w_m, -h_m), (w_m, h_m), (-w_m, h_m)])
        r = affinity.rotate(r, rot, origin=(0, 0))
        r = affinity.scale(r, 1 / (M_PER_DEG * math.cos(math.radians(p.y))), 1 / M_PER_DEG, origin=(0, 0))
        return affinity.translate(r, p.x, p.y)

    core = [g for g, a in L["protected"] if a["zone"] == "核心保护区"]
    general = [g for g, a in L["protected"] if a["zone"] == "一般控制区"]
    red = [g.buffer(0) for g, _ in L["redline"]]
    chem_parks = [g for g, a in L["parks"] if a["chemical"]]
    other_parks = [g for g, a in L["parks"] if not a["chemical"]]
    water1 = [g for g, a in L["water"] if a["zone"] == "一级保护区"]
    water2 = [g for g, a in L["water"] if a["zone"] == "二级保护区"]
    farm = [g for g, _ in L["farmland"]]
    urban = [g for g, _ in L["urban"]]

    # Inside a core zone: tourism facility and a hydropower plant.
    add(core[0].representative_point(), "光雾山景区索道上站", "旅游", 150, "inside a core zone")
    add(rect_at(core[2].representative_point(), 300, 200, 15), "诺水河小水电站扩建", "能源", None, "inside a core zone")
    # Inside the general-control zone.
    add(general[3].representative_point(), "五台山森林康养步道服务点", "旅游", 80, "general-control zone")
    # Inside red line (non-protected-area part).
    plain_red = [g for g in red[len(general):] if g.area > 2e-5]
    add(rect_at(plain_red[0].representative_point(), 400, 300, 30), "某矿石开采项目", "采矿", None, "inside the red line")
    add(plain_red[1].representative_point(), "山区通信基站", "通信", 30, "inside the red line, small footprint")
    # Touching a red-line edge: a parcel sharing the boundary, outside.
    rg = plain_red[2]
    poly = rg if rg.geom_type == "Polygon" else max(rg.geoms, key=lambda x: x.area)
    a, b = list(poly.exterior.coords)[0:2]
    ext = poly.exterior
    minx, miny, maxx, maxy = poly.bounds
    # The easternmost vertex, with a square on its outer side: shares only that vertex.
    east = max(ext.coords, key=lambda c: c[0])
    sq = Polygon([(east[0], east[1]), (east[0] + 0.004, east[1]), (east[0] + 0.004, east[1] + 0.003),
                  (east[0], east[1] + 0.003)])
    sq = sq.difference(rg) if sq.intersection(rg).area > 0 else sq
    add(sq, "红线边缘物流仓储用地", "仓储物流", None, "touches the red-line edge")
    # Chemical projects in and out of chemical parks.
    add(rect_at(chem_parks[0].representative_point(), 250, 180), "绵阳经开区精细化工项目", "化工", None, "inside a chemical park")
    add(rect_at(chem_parks[2].representative_point(), 200, 150, 10), "巴中某化工新材料项目", "化工", None, "inside a chemical park")
    p = seats["三台县"]
    add(rect_at(Point(p.x + deg(9000, p.y), p.y - 0.05), 220, 160, 20), "三台县农药中间体项目", "化工", None, "chemical outside parks")
    add(rect_at(other_parks[0].representative_point(), 300, 200), "资阳高新区汽车零部件项目", "工业", None, "industry in a park")
    # Heavy industry near sensitive areas.
    g1 = water1[0]
    c1 = g1.centroid
    add(rect_at(Point(c1.x + deg(1900, c1.y), c1.y), 250, 250), "水源地附近水泥厂", "重工业", None, "heavy industry near a water source")
    add(Point(water1[1].centroid.x, water1[1].centroid.y), "水源一级保护区内取水泵站", "水利", 40, "water grade 1, water supply")
    add(Point(water1[2].centroid.x, water1[2].centroid.y), "水源一级保护区内农家乐", "旅游", 60, "water grade 1, tourism")
    add(water2[3].representative_point(), "水源二级保护区内养殖场", "畜禽养殖", 120, "water grade 2, polluting")
    # Across two counties: a parcel on the 雁江区/乐至县 border.
    border = by_name["雁江区"]["geom"].boundary.intersection(by_name["乐至县"]["geom"].boundary)
    bp = border.interpolate(0.5, normalized=True) if not border.is_empty else seats["乐至县"]
    add(rect_at(bp, 600, 400, 35), "跨县物流园区", "仓储物流", None, "across two counties")
    # On permanent farmland.
    fp = farm[len(farm) // 3].representative_point()
    add(rect_at(fp, 150, 120), "占用基本农田的光伏项目", "光伏", None, "on permanent farmland")
    fp2 = farm[len(farm) // 2].representative_point()
    add(fp2, "农田中的乡村公路服务站", "交通", 50, "point with footprint on farmland")
    add(farm[len(farm) // 5].representative_point(), "农田监测点（无占地）", "监测", None, "point without footprint")
    # Urban projects inside and outside the urban boundary.
    add(rect_at(urban[0].centroid, 200, 150), "城区住宅小区", "房地产", None, "inside urban boundary")
    ub = urban[13].centroid
    add(rect_at(Point(ub.x + deg(9000, ub.y), ub.y + 0.03), 200, 150), "城镇开发边界外商住项目", "房地产", None,
        "outside urban boundary")
    # Routes.
    s1, s2 = seats["雁江区"], seats["乐至县"]
    add(LineString([(s1.x, s1.y), ((s1.x + s2.x) / 2, (s1.y + s2.y) / 2 + 0.05), (s2.x, s2.y)]),
        "雁江—乐至快速通道", "交通", None, "route across towns and farmland")
    gc = general[0].centroid
    add(LineString([(gc.x - 0.25, gc.y - 0.12), (gc.x, gc.y), (gc.x + 0.2, gc.y + 0.15)]),
        "光雾山旅游公路", "交通", None, "route through a protected area")
    w = water1[4].centroid
    add(LineString([(w.x - 0.08, w.y - 0.06), (w.x, w.y), (w.x + 0.09, w.y + 0.02)]),
        "输水管线工程", "水利", None, "route through a water source")
    s3, s4 = seats["涪城区"], seats["江油市"]
    add(LineString([(s3.x, s3.y), (s3.x + 0.02, s3.y + 0.15), (s4.x, s4.y)]), "绵江城际轨道", "交通", None,
        "route between cities")
    add(LineString([(106.60, 31.95), (106.75, 32.05), (106.95, 32.10)]), "巴中北部输电线路", "电网", None, "power line")
    # Clear sites, far from everything sensitive (checked below).
    clear_tries = 0
    n_clear = 0
    sensitive = unary_union(red + core + general + water1 + water2 + farm[:] + urban).buffer(0.02)
    while n_clear < 4 and clear_tries < 5000:
        clear_tries += 1
        c = counties[rng.randrange(len(counties))]
        p = random_point_in(rng, c["geom"])
        if sensitive.contains(p):
            continue
        n_clear += 1
        if n_clear % 2:
            add(rect_at(p, 180, 140, rng.uniform(0, 90)), "%s一般工业项目%d" % (c["name"], n_clear), "工业", None, "clear")
        else:
            add(p, "%s乡村便民服务中心" % c["name"], "市政", 60, "clear")
    # An invalid (self-intersecting) parcel, as drawn by hand.
    p = seats["安岳县"]
    x, y = p.x + 0.06, p.y - 0.04
    add(Polygon([(x, y), (x + 0.006, y + 0.004), (x + 0.006, y), (x, y + 0.004)]), "手绘地块（自相交）", "工业", None,
        "invalid polygon")
    return sites


def write_sites(out_dir, sites):
    fields = [("id", "str", 8), ("name", "str", 80), ("category", "str", 20), ("buffer_m", "real", 0),
              ("note", "str", 80)]
    rows = [(g, a) for g, a in sites]
    path = os.path.join(out_dir, "sites.geojson")
    write_layer(path, "GeoJSON", "sites", 4490, fields, rows, layer_options=["WRITE_NAME=NO", "COORDINATE_PRECISION=7"])
    # The same points as a CSV with degrees-minutes-seconds, as field staff write them down.
    with open(os.path.join(out_dir, "sites_points.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["编号", "项目名称", "行业类别", "经度", "纬度", "占地半径米"])
        for g, a in sites:
            if g.geom_type != "Point":
                continue
            w.writerow([a["id"], a["name"], a["category"], dms(g.x), dms(g.y), a["buffer_m"] or ""])


def dms(v):
    d = int(v)
    m = int((v - d) * 60)
    s = (v - d - m / 60) * 3600
    return "%d°%02d'%05.2f\"" % (d, m, s)


def write_jzd(out_dir):
    """A 勘测定界界址点坐标交换格式 file (GBK), two parcels in Ziyang, 3° zone 35 with prefix."""
    text = """[属性描述]
格式版本号=1.01
数据产生单位=示例测绘单位
数据产生日期=2025-06-30
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=35
精度=0.001
转换参数=,,,,,,
[地块坐标]
11,1.9921,1,资阳示例地块一,面,,工业用地,,@
J1,1,3334582.144,35464346.575
J2,1,3334587.126,35464520.043
J3,1,3334503.891,35464548.683
J4,1,3334460.016,35464403.997
J5,1,3334493.491,35464336.651
J1,1,3334582.144,35464346.575
J6,2,3334550.830,35464431.272
J7,2,3334550.755,35464454.399
J8,2,3334524.150,35464454.313
J9,2,3334524.225,35464431.186
J6,2,3334550.830,35464431.272
5,0.6276,2,资阳示例地块二,面,,工业用地,,@
J1,1,3334248.026,35464827.318
J2,1,3334253.292,35464914.063
J3,1,3334181.220,35464918.652
J4,1,3334175.954,35464831.906
J1,1,3334248.026,35464827.318
"""
    with open(os.path.join(out_dir, "sites_jzd.txt"), "w", encoding="gbk", newline="\r\n") as f:
        f.write(text)


# ----------------------------------------------------------------------------------------- raster

def smooth_noise(rng_np, rows, cols, cell_px, row0=0, total_rows=None, seed_grid=None):
    """Bilinear value noise: random values on a coarse grid of `cell_px` pixels, interpolated."""
    grid = seed_grid
    gy = (np.arange(row0, row0 + rows) / cell_px)
    gx = (np.arange(cols) / cell_px)
    iy = np.floor(gy).astype(np.int64)
    ix = np.floor(gx).astype(np.int64)
    fy = (gy - iy)[:, None].astype(np.float32)
    fx = (gx - ix)[None, :].astype(np.float32)
    fy = fy * fy * (3 - 2 * fy)
    fx = fx * fx * (3 - 2 * fx)
    a = grid[iy][:, ix]
    b = grid[iy][:, ix + 1]
    c = grid[iy + 1][:, ix]
    d = grid[iy + 1][:, ix + 1]
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy


def rasterize(mem_ds, geoms, value, all_touched=False):
    if not geoms:
        return
    drv = ogr.GetDriverByName("Memory")
    src = drv.CreateDataSource("mem")
    lyr = src.CreateLayer("l", srs=srs_of(4490))
    for g in geoms:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkb(g.wkb))
        lyr.CreateFeature(f)
    gdal.RasterizeLayer(mem_ds, [1], lyr, burn_values=[value], options=["ALL_TOUCHED=TRUE"] if all_touched else [])


def write_landcover(path, L, bounds, pixel, seed, mask_geom, strip_rows=1024, progress=False):
    """ESA WorldCover classes: 10 tree, 20 shrub, 30 grass, 40 crop, 50 built-up, 60 bare, 80 water,
    90 wetland; 0 = nodata outside `mask_geom`."""
    west, south, east, north = bounds
    cols = int(math.ceil((east - west) / pixel))
    rows = int(math.ceil((north - south) / pixel))
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, cols, rows, 1, gdal.GDT_Byte,
                    options=["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=DEFLATE", "ZLEVEL=6",
                             "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((west, pixel, 0, north, 0, -pixel))
    ds.SetProjection(srs_of(4490).ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(0)
    band.SetDescription("ESA WorldCover class (synthetic)")
    rng_np = np.random.default_rng(seed)
    grids = {cell: rng_np.random((rows // cell + 3, cols // cell + 3), dtype=np.float32)
             for cell in (400, 80, 16)}
    farm = [g for g, _ in L["farmland"]]
    urban = [g for g, _ in L["urban"]]
    parks = [g for g, _ in L["parks"]]
    green = [g for g, _ in L["green"]]
    water1 = [g for g, a in L["water"] if a["zone"] == "一级保护区"]
    for r0 in range(0, rows, strip_rows):
        nrows = min(strip_rows, rows - r0)
        top = north - r0 * pixel
        mem = gdal.GetDriverByName("MEM").Create("", cols, nrows, 1, gdal.GDT_Byte)
        mem.SetGeoTransform((west, pixel, 0, top, 0, -pixel))
        mem.SetProjection(srs_of(4490).ExportToWkt())
        n = 0.55 * smooth_noise(rng_np, nrows, cols, 400, r0, seed_grid=grids[400]) \
            + 0.3 * smooth_noise(rng_np, nrows, cols, 80, r0, seed_grid=grids[80]) \
            + 0.15 * smooth_noise(rng_np, nrows, cols, 16, r0, seed_grid=grids[16])
        lat = top - (np.arange(nrows) + 0.5)[:, None] * pixel
        lon = west + (np.arange(cols) + 0.5)[None, :] * pixel
        # More forest to the north and west (mountains), less in the southern hills.
        n = n + 0.35 * np.clip((lat - 30.6) / 2.0, 0, 1) + 0.15 * np.clip((104.6 - lon) / 1.0, 0, 1) \
            + 0.12 * np.clip((lon - 106.3) / 1.0, 0, 1) * np.clip((lat - 31.3) / 1.0, 0, 1)
        out = np.full((nrows, cols), 40, dtype=np.uint8)
        out[n > 0.50] = 30
        out[n > 0.56] = 20
        out[n > 0.60] = 10
        out[(n > 0.45) & (n < 0.452)] = 80
        out[n > 1.12] = 60
        mem.GetRasterBand(1).WriteArray(out)
        strip_box = Polygon([(west, top - nrows * pixel), (east, top - nrows * pixel), (east, top), (west, top)])
        pick = lambda gs: [g for g in gs if g.intersects(strip_box)]
        rasterize(mem, pick(farm), 40)
        rasterize(mem, pick(urban), 50)
        rasterize(mem, pick(parks), 50)
        rasterize(mem, pick(green), 10)
        rasterize(mem, pick(water1), 80)
        # Nodata outside the region.
        inside = gdal.GetDriverByName("MEM").Create("", cols, nrows, 1, gdal.GDT_Byte)
        inside.SetGeoTransform((west, pixel, 0, top, 0, -pixel))
        inside.SetProjection(srs_of(4490).ExportToWkt())
        # Every cell the region touches has a class, so the raster covers the whole region.
        rasterize(inside, [mask_geom.intersection(strip_box)] if mask_geom.intersects(strip_box) else [], 1,
                  all_touched=True)
        arr = mem.GetRasterBand(1).ReadAsArray()
        arr[inside.GetRasterBand(1).ReadAsArray() == 0] = 0
        band.WriteArray(arr, 0, r0)
        if progress:
            print("  landcover rows %d/%d" % (min(r0 + nrows, rows), rows), file=sys.stderr)
    ds = None
    return cols * rows


def write_earlier_year(out_dir, year, seed, progress=False):
    """The land cover of an earlier `year` for every landcover_<name>.tif in out_dir (the current year), on the
    same grid, as landcover_<year>_<name>.tif and landcover_<year>.vrt. Going forward from `year` to the current
    one: afforestation (退耕还林: crop and grass that became forest), some forest lost to cropland, and urban
    growth over cropland, each in smooth patches."""
    tiles = sorted(f for f in os.listdir(out_dir) if re.fullmatch(r"landcover_[a-z]+\.tif", f))
    written = []
    rng_np = np.random.default_rng(seed + year)
    for name in tiles:
        src = gdal.Open(os.path.join(out_dir, name))
        cols, rows = src.RasterXSize, src.RasterYSize
        dst_name = name.replace("landcover_", "landcover_%d_" % year)
        drv = gdal.GetDriverByName("GTiff")
        dst = drv.Create(os.path.join(out_dir, dst_name), cols, rows, 1, gdal.GDT_Byte,
                         options=["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=DEFLATE", "ZLEVEL=6",
                                  "BIGTIFF=IF_SAFER"])
        dst.SetGeoTransform(src.GetGeoTransform())
        dst.SetProjection(src.GetProjection())
        band = dst.GetRasterBand(1)
        band.SetNoDataValue(0)
        band.SetDescription("ESA WorldCover class (synthetic, %d)" % year)
        grids = {cell: rng_np.random((rows // cell + 3, cols // cell + 3), dtype=np.float32) for cell in (60, 25)}
        strip = 1024
        for r0 in range(0, rows, strip):
            n = min(strip, rows - r0)
            cur = src.GetRasterBand(1).ReadAsArray(0, r0, cols, n)
            a = smooth_noise(rng_np, n, cols, 60, r0, seed_grid=grids[60])
            b = smooth_noise(rng_np, n, cols, 25, r0, seed_grid=grids[25])
            old = cur.copy()
            old[(cur == 10) & (a > 0.93)] = 40            # forest now, cropland then: afforestation
            old[(cur == 10) & (a < 0.05) & (b > 0.7)] = 30  # forest now, grassland then
            old[(cur == 40) & (b > 0.95)] = 10            # cropland now, forest then: forest lost
            old[(cur == 50) & (b < 0.35)] = 40            # built-up now, cropland then: urban growth
            band.WriteArray(old, 0, r0)
            if progress:
                print("  %s rows %d/%d" % (dst_name, r0 + n, rows), file=sys.stderr)
        dst = None
        written.append(dst_name)
    cwd = os.getcwd()
    os.chdir(out_dir)
    gdal.BuildVRT("landcover_%d.vrt" % year, written, srcNodata=0, VRTNodata=0)
    os.chdir(cwd)
    return written


NEXT_EDITION = 2025  # the revised zoning edition (动态更新) beside the current one, for `ecozone diff`


def read_rows(path, layer=None):
    """(shapely geometry in the layer's own coordinates, attributes) of every feature, and the layer's EPSG code."""
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    srs = lyr.GetSpatialRef()
    epsg = None
    if srs is not None:
        srs.AutoIdentifyEPSG()
        epsg = int(srs.GetAuthorityCode(None))
    rows = []
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    for f in lyr:
        g = f.GetGeometryRef()
        rows.append((shapely_wkb.loads(bytes(g.ExportToWkb())) if g else None, {n: f.GetField(n) for n in names}))
    return rows, epsg


def grow(rng, g, lat, radius_m):
    """g with a blob added on its edge (a boundary pushed outwards)."""
    edge = g.exterior if g.geom_type == "Polygon" else max(parts_of(g), key=lambda p: p.area).exterior
    p = edge.interpolate(rng.random(), normalized=True)
    return g.union(blob(rng, p.x, p.y, radius_m, n=60, roughness=0.25))


def write_next_edition(out_dir, year, seed, province=False):
    """The zoning edition of `year` for the layers in out_dir (the current edition), in out_dir/edition_<year>/:
    the urban development boundary grown in some counties, permanent farmland taken by that growth (parcels
    removed or trimmed) and some new parcels (补划), and the ecological red line adjusted — polygons removed
    (调出), added (调入), enlarged, trimmed where towns grew, and one renamed. Every other feature is copied
    exactly, so `ecozone diff` finds it unchanged. The other layers stay as they are (the new catalog names the
    same files)."""
    rng = random.Random(seed + year)
    share = 0.2 if province else 0.25
    ed_dir = os.path.join(out_dir, "edition_%d" % year)
    shutil.rmtree(ed_dir, ignore_errors=True)
    os.makedirs(os.path.join(ed_dir, "farmland"))

    # Urban development boundary (GeoJSON, lon/lat): grown towards the nearest farmland, as towns grow.
    gdal.SetConfigOption("SHAPE_ENCODING", "CP936")
    farm, farm_epsg = read_rows(os.path.join(out_dir, "farmland", "permanent_farmland.shp"))
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    to_gk, from_gk = gk_transformer(4490, farm_epsg), gk_transformer(farm_epsg, 4490)
    farm_ll = [transform_geom(g, from_gk) for g, _ in farm]
    farm_tree = STRtree(farm_ll)
    urban, _ = read_rows(os.path.join(out_dir, "urban_boundary.geojson"))
    growth = []
    new_urban = []
    for g, a in urban:
        if rng.random() < share:
            c = g.centroid
            near = [f for f in farm_tree.query(c.buffer(0.15)) if not f.intersects(g)]
            if near:
                target = min(near, key=lambda f: f.distance(g)).representative_point()
                edge = g.boundary.interpolate(g.boundary.project(target))
                corridor = LineString([(edge.x, edge.y), (target.x, target.y)]).buffer(deg(rng.uniform(500, 800), c.y))
                h = g.union(corridor).union(target.buffer(deg(rng.uniform(500, 700), c.y)))
            else:
                h = grow(rng, g, c.y, rng.uniform(900, 1600))
            growth.append(h.difference(g))
            g = h
        new_urban.append((g, a))
    growth_union = unary_union(growth) if growth else Polygon()
    write_layer(os.path.join(ed_dir, "urban_boundary.geojson"), "GeoJSON", "urban_boundary", 4326,
                [("code", "str", 0), ("name", "str", 0), ("county", "str", 0)], new_urban,
                layer_options=["WRITE_NAME=NO", "COORDINATE_PRECISION=7"])

    # Permanent farmland (Shapefile, GBK, Gauss-Kruger zone 35): parcels under the growth go or are trimmed.
    gdal.SetConfigOption("SHAPE_ENCODING", "CP936")
    taken = Subtractor(transform_geom(growth_union, to_gk)) if growth else None
    new_farm = []
    for g, a in farm:
        if taken is not None:
            h = taken(g)
            if h.is_empty or h.area < 0.5 * g.area:
                continue  # taken by the town: the parcel is gone from the edition
            if h.area < g.area:
                g = h if h.geom_type == "Polygon" else max(parts_of(h), key=lambda p: p.area)
        new_farm.append((g, a))
    # 补划: new parcels beside some of the remaining ones.
    extra = max(2, len(new_farm) // 200)
    picks = rng.sample(range(len(new_farm)), extra)
    for i, k in enumerate(picks):
        g, a = new_farm[k]
        minx, miny, maxx, maxy = g.bounds
        w = rng.uniform(150, 400)
        cand = Polygon([(maxx + 20, miny), (maxx + 20 + w, miny), (maxx + 20 + w, miny + w * 0.7), (maxx + 20, miny + w * 0.7)])
        b = dict(a)
        b["DKBH"] = a["DKBH"][:6] + "B%04d" % (i + 1)
        new_farm.append((cand, b))
    write_layer(os.path.join(ed_dir, "farmland", "permanent_farmland.shp"), "ESRI Shapefile", "permanent_farmland",
                farm_epsg, [("DKBH", "str", 16), ("DLMC", "str", 16), ("XZQMC", "str", 40), ("ZLDWMC", "str", 60)],
                new_farm, ogr.wkbPolygon, layer_options=["ENCODING=CP936"])
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    for ext in (".cpg", ".CPG"):
        q = os.path.join(ed_dir, "farmland", "permanent_farmland" + ext)
        if os.path.exists(q):
            os.remove(q)

    # Ecological red line (GeoPackage, EPSG:4490).
    red, _ = read_rows(os.path.join(out_dir, "zoning.gpkg"), "redline")
    keep_out = Subtractor(growth_union.buffer(0.002)) if growth else None
    # The red line over protected areas stays as it is (a protected area is red line by law).
    pa_names = {a["name"] + "生态保护红线" for g, a in read_rows(os.path.join(out_dir, "zoning.gpkg"), "protected_area")[0]}
    plain = [i for i, (g, a) in enumerate(red) if a["name"] not in pa_names]
    n = max(1, int(len(plain) * 0.03)) if province else 2
    chosen = rng.sample(plain, min(len(plain), 3 * n + 1))
    removed = set(chosen[:n])
    enlarged = set(chosen[n:2 * n])
    renamed = chosen[3 * n]
    region = unary_union([g for g, a in read_rows(os.path.join(out_dir, "counties.gpkg"))[0]])
    new_red = []
    for i, (g, a) in enumerate(red):
        if i in removed:
            continue
        if i in enlarged:
            g = grow(rng, g, g.centroid.y, rng.uniform(400, 900)).intersection(region)
        if keep_out is not None and keep_out.clip(g).area > 0:
            g = keep_out(g)  # towns grew into it: trimmed
        if i == renamed:
            a = dict(a)
            a["name"] = a["name"].replace("生态保护红线", "生态保护红线（更名）")
        new_red.append((g, a))
    # The sample's first new polygon takes in a proposed site that was clear (S07), so that `ecozone diff --sites`
    # has a verdict to report.
    over = []
    if not province:
        sites, _ = read_rows(os.path.join(out_dir, "sites.geojson"))
        over = [g.representative_point() for g, a in sites if a.get("id") == "S07"]
    for k, i in enumerate(chosen[2 * n:3 * n]):  # 调入: new polygons near others
        g, a = red[i]
        c = g.representative_point()
        centre = over[0] if k == 0 and over else Point(c.x + deg(rng.uniform(1500, 3000), c.y), c.y + rng.uniform(-0.015, 0.015))
        h = blob(rng, centre.x, centre.y, rng.uniform(600, 1500), n=80, roughness=0.3).intersection(region)
        if keep_out is not None:
            h = keep_out(h)
        if h.is_empty:
            continue
        b = dict(a)
        b["code"] = a["code"] + "-N%d" % year
        b["name"] = a["name"].replace("生态保护红线", "生态保护红线（调入）")
        new_red.append((h, b))
    write_layer(os.path.join(ed_dir, "redline.gpkg"), "GPKG", "redline", 4490,
                [("code", "str", 0), ("name", "str", 0), ("type", "str", 0)], new_red, ogr.wkbMultiPolygon)
    print("  edition %d: urban grown in %d counties, farmland %d -> %d parcels, red line %d -> %d polygons"
          % (year, len(growth), len(farm), len(new_farm), len(red), len(new_red)), file=sys.stderr)


def write_edition_catalog(catalog_path, out_path, year, prefix):
    """The catalog of the revised edition: the current one with the three revised layers from edition_<year>/."""
    with open(catalog_path, encoding="utf-8") as f:
        text = f.read()
    ed = "%sedition_%d/" % (prefix, year)
    text = text.replace('source = "%szoning.gpkg"\nlayer = "redline"' % prefix, 'source = "%sredline.gpkg"\nlayer = "redline"' % ed)
    text = text.replace('"%sfarmland/permanent_farmland.shp"' % prefix, '"%sfarmland/permanent_farmland.shp"' % ed)
    text = text.replace('"%surban_boundary.geojson"' % prefix, '"%surban_boundary.geojson"' % ed)
    text = re.sub(r'version = "[^"]*"', 'version = "%d年动态更新（示例）"' % year, text, count=1)
    text = re.sub(r'date = "[^"]*"', 'date = "%d-06-30"' % year, text, count=1)
    text = ("# The %d zoning edition: 生态保护红线, 永久基本农田 and 城镇开发边界 revised, the other layers as before.\n"
            "# Compare it with the earlier edition: ecozone diff --catalog <earlier> --against <this file>\n" % year) + text
    if text.count(ed) != 3:
        raise SystemExit("write_edition_catalog: expected 3 revised sources in %s" % catalog_path)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)


# ----------------------------------------------------------------------------------------- main

def write_all(out_dir, counties, L, scale, seed, raster_pixel, raster_tiles):
    os.makedirs(out_dir, exist_ok=True)
    to_gk35 = gk_transformer(4490, 4523)   # CGCS2000 3° zone 35, eastings with zone prefix
    to_gk105 = gk_transformer(4490, 4544)  # CGCS2000 3° CM 105°E, no prefix

    write_layer(os.path.join(out_dir, "counties.gpkg"), "GPKG", "counties", 4326,
                [("adcode", "str", 6), ("name", "str", 40), ("city", "str", 40)],
                [(c["geom"], {"adcode": c["adcode"], "name": c["name"], "city": c["city"]}) for c in counties])
    zoning = os.path.join(out_dir, "zoning.gpkg")
    write_layer(zoning, "GPKG", "redline", 4490, [("code", "str", 0), ("name", "str", 0), ("type", "str", 0)],
                L["redline"], ogr.wkbMultiPolygon)
    write_layer(zoning, "GPKG", "protected_area", 4490, [("code", "str", 0), ("name", "str", 0), ("zone", "str", 0)],
                L["protected"], ogr.wkbMultiPolygon, append=True)
    write_layer(zoning, "GPKG", "control_unit", 4490, [("code", "str", 0), ("name", "str", 0), ("type", "str", 0),
                                                       ("county", "str", 0)],
                L["units"], ogr.wkbMultiPolygon, append=True)
    with open(os.path.join(out_dir, "access_list.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["环境管控单元编码", "环境管控单元名称", "空间布局约束", "污染物排放管控", "环境风险防控", "资源开发效率要求"])
        w.writerows(L["access"])

    # Permanent farmland: Shapefile with GBK attributes (no .cpg), Gauss-Kruger zone 35 with prefix.
    farm_dir = os.path.join(out_dir, "farmland")
    shutil.rmtree(farm_dir, ignore_errors=True)
    os.makedirs(farm_dir)
    gdal.SetConfigOption("SHAPE_ENCODING", "CP936")
    write_layer(os.path.join(farm_dir, "permanent_farmland.shp"), "ESRI Shapefile", "permanent_farmland", 4523,
                [("DKBH", "str", 16), ("DLMC", "str", 16), ("XZQMC", "str", 40), ("ZLDWMC", "str", 60)],
                [(transform_geom(g, to_gk35), a) for g, a in L["farmland"]], ogr.wkbPolygon,
                layer_options=["ENCODING=CP936"])
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    for ext in (".cpg", ".CPG"):
        p = os.path.join(farm_dir, "permanent_farmland" + ext)
        if os.path.exists(p):
            os.remove(p)

    write_layer(os.path.join(out_dir, "urban_boundary.geojson"), "GeoJSON", "urban_boundary", 4326,
                [("code", "str", 0), ("name", "str", 0), ("county", "str", 0)], L["urban"],
                layer_options=["WRITE_NAME=NO", "COORDINATE_PRECISION=7"])
    write_layer(os.path.join(out_dir, "green_space.geojson"), "GeoJSON", "green_space", 4326,
                [("code", "str", 0), ("name", "str", 0), ("class", "str", 0)], L["green"],
                layer_options=["WRITE_NAME=NO", "COORDINATE_PRECISION=7"])
    write_layer(os.path.join(out_dir, "water_source.kml"), "LIBKML", "water_source", 4326,
                [("code", "str", 0), ("name", "str", 0), ("zone", "str", 0)], L["water"])
    write_layer(os.path.join(out_dir, "industrial_parks.gpkg"), "GPKG", "industrial_parks", 4544,
                [("code", "str", 0), ("name", "str", 0), ("type", "str", 0), ("chemical", "int", 0)],
                [(transform_geom(g, to_gk105), a) for g, a in L["parks"]], ogr.wkbMultiPolygon)

    # Land cover, one tile per city (or province strip), mosaicked by a VRT.
    tiles = []
    for name, geom in raster_tiles:
        w, s, e, n = geom.bounds
        w, s = math.floor(w / raster_pixel) * raster_pixel - raster_pixel, math.floor(s / raster_pixel) * raster_pixel - raster_pixel
        e, n = math.ceil(e / raster_pixel) * raster_pixel + raster_pixel, math.ceil(n / raster_pixel) * raster_pixel + raster_pixel
        path = os.path.join(out_dir, "landcover_%s.tif" % name)
        px = write_landcover(path, L, (w, s, e, n), raster_pixel, seed + len(tiles), geom,
                             progress=not scale["sample"])
        tiles.append(os.path.basename(path))
        print("  %s: %d pixels" % (path, px), file=sys.stderr)
    cwd = os.getcwd()
    os.chdir(out_dir)
    gdal.BuildVRT("landcover.vrt", tiles, srcNodata=0, VRTNodata=0)
    os.chdir(cwd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "sample_data"))
    ap.add_argument("--province", metavar="DIR", help="write province-scale data (all Sichuan counties) to DIR")
    ap.add_argument("--seed", type=int, default=20231231)
    ap.add_argument("--raster-pixel", type=float, default=None, help="land-cover pixel size in degrees")
    ap.add_argument("--sites", type=int, default=10000, metavar="N", help="number of province sites (default 10000)")
    ap.add_argument("--sites-only", action="store_true",
                    help="with --province: write only the sites (sites.geojson, sites_points.csv) into DIR")
    ap.add_argument("--earlier-year-only", action="store_true",
                    help="write only the earlier year's land cover (landcover_%d_*.tif) beside the existing one "
                         "in --out or --province DIR" % EARLIER_YEAR)
    ap.add_argument("--next-edition-only", action="store_true",
                    help="write only the %d zoning edition (edition_%d/ and its catalog) beside the existing layers in "
                         "--out or --province DIR" % (NEXT_EDITION, NEXT_EDITION))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.next_edition_only:
        write_next_edition(args.province or args.out, NEXT_EDITION, args.seed, province=bool(args.province))
        write_edition_catalogs(args.province)
        return
    if args.earlier_year_only:
        write_earlier_year(args.province or args.out, EARLIER_YEAR, args.seed, progress=bool(args.province))
        if args.province:
            write_catalog(args.province)  # one that names the new year
        return
    if args.sites_only:
        if not args.province:
            ap.error("--sites-only goes with --province DIR")
        sites = province_sites(random.Random(args.seed + 1), load_counties(province="四川省"), args.sites)
        os.makedirs(args.province, exist_ok=True)
        write_sites(args.province, sites)
        print("sites: %d" % len(sites), file=sys.stderr)
        return

    if args.province:
        counties = load_counties(province="四川省")
        scale = {"sample": False, "redline_per_county": 16, "redline_vertices": 700, "farmland_per_county": 930,
                 "green_per_town": 12}
        out = args.province
        pixel = args.raster_pixel or 0.0004
    else:
        counties = load_counties(cities=SAMPLE_CITIES)
        scale = {"sample": True, "redline_per_county": 4, "redline_vertices": 160, "farmland_per_county": 140,
                 "green_per_town": 8}
        out = args.out
        pixel = args.raster_pixel or 0.0003
    print("counties: %d" % len(counties), file=sys.stderr)
    L = make_layers(rng, counties, scale)
    print("redline %d, protected %d, farmland %d, units %d" % (len(L["redline"]), len(L["protected"]),
                                                               len(L["farmland"]), len(L["units"])), file=sys.stderr)
    if args.province:
        tiles = [("sichuan", L["region"])]
    else:
        tiles = []
        for city, key in (("资阳市", "ziyang"), ("巴中市", "bazhong"), ("绵阳市", "mianyang")):
            tiles.append((key, unary_union([c["geom"] for c in counties if c["city"] == city])))
    write_all(out, counties, L, scale, args.seed, pixel, tiles)
    write_earlier_year(out, EARLIER_YEAR, args.seed, progress=bool(args.province))
    # Province sites have a generator of their own, so that --sites-only makes the same ones.
    sites = make_sites(rng, L, counties) if not args.province else province_sites(random.Random(args.seed + 1), counties, args.sites)
    write_sites(out, sites)
    write_jzd(out)
    # After the sites: the sample's new red line takes in one of them.
    write_next_edition(out, NEXT_EDITION, args.seed, province=bool(args.province))
    if args.province:
        write_catalog(out)
    write_edition_catalogs(args.province)
    print("sites: %d" % len(sites), file=sys.stderr)


def write_edition_catalogs(province_dir):
    """layers/sample-<next>.toml for sample_data/, or catalog-<next>.toml beside province data's catalog.toml."""
    if province_dir:
        write_edition_catalog(os.path.join(province_dir, "catalog.toml"),
                              os.path.join(province_dir, "catalog-%d.toml" % NEXT_EDITION), NEXT_EDITION, "")
    else:
        write_edition_catalog(os.path.join(REPO, "layers", "sample.toml"),
                              os.path.join(REPO, "layers", "sample-%d.toml" % NEXT_EDITION), NEXT_EDITION, "../sample_data/")


def write_catalog(out_dir):
    """The catalog of generated province data: layers/sample.toml with paths beside it."""
    with open(os.path.join(REPO, "layers", "sample.toml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../sample_data/", "").replace('rules = "rules-default.toml"',
                                                       'rules = "%s"' % os.path.join(REPO, "layers", "rules-default.toml"))
    text = text.replace('carbon = "carbon-sample.toml"', 'carbon = "%s"' % os.path.join(REPO, "layers", "carbon-sample.toml"))
    text = text.replace("资阳市、巴中市、绵阳市生态环境分区管控（示例数据）", "四川省生态环境分区管控（省级规模生成数据）")
    with open(os.path.join(out_dir, "catalog.toml"), "w", encoding="utf-8") as f:
        f.write(text)


def province_sites(rng, counties, n):
    """Random sites for benchmarks: 60 % parcels, 25 % points with footprints, 15 % routes; the first n of a
    larger run are the n of a smaller one."""
    sites = []
    cats = ["工业", "化工", "交通", "能源", "房地产", "旅游", "水利", "市政"]
    for i in range(n):
        c = counties[rng.randrange(len(counties))]
        p = random_point_in(rng, c["geom"])
        u = rng.random()
        if u < 0.6:
            w, h = rng.uniform(80, 500), rng.uniform(60, 400)
            g = Polygon([(-w, -h), (w, -h), (w, h), (-w, h)])
            g = affinity.rotate(g, rng.uniform(0, 90), origin=(0, 0))
            g = affinity.scale(g, 1 / (M_PER_DEG * math.cos(math.radians(p.y))), 1 / M_PER_DEG, origin=(0, 0))
            g = affinity.translate(g, p.x, p.y)
            buf = None
        elif u < 0.85:
            g, buf = p, rng.choice([None, 50, 100, 300])
        else:
            pts = [(p.x, p.y)]
            for _ in range(4):
                pts.append((pts[-1][0] + rng.uniform(-0.03, 0.03), pts[-1][1] + rng.uniform(-0.03, 0.03)))
            g, buf = LineString(pts), None
        sites.append((g, {"id": "P%05d" % (i + 1), "name": "项目%05d" % (i + 1), "category": rng.choice(cats),
                          "buffer_m": buf, "note": ""}))
    return sites


if __name__ == "__main__":
    main()
