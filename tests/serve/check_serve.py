#!/usr/bin/env python3
"""`ecozone serve` end to end: starts the server on a free port, exercises every endpoint with good and
bad requests, and stops it. Results must equal `ecozone screen` on the same sites; GDAL's OAPIF driver
must read the collections; a reload must swap editions under load; SIGTERM must let requests in flight
finish. With --page, headless Chromium (Debian's) drives the page through tests/serve/check_page.mjs.

    check_serve.py api  --exe build/ecozone --src . --work build/serve-test
    check_serve.py page --exe build/ecozone --src . --work build/serve-page
"""
import argparse
import base64
import concurrent.futures
import http.client
import io
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


class Server:
    def __init__(self, exe, src, work, *extra, env=None):
        self.log = open(work / f"server-{len(list(work.glob('server-*.log')))}.log", "w+")
        e = dict(os.environ, ECOZONE_CACHE_DIR=str(work / "cache"), LC_ALL="C.UTF-8", LANGUAGE="")
        e.update(env or {})
        self.proc = subprocess.Popen([exe, "serve", "--catalog", "layers/sample.toml", "--port", "0", *extra],
                                     cwd=src, stdout=subprocess.PIPE, stderr=self.log, text=True, env=e)
        self.url = None
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://[^/ ]+)/", line)
            if m:
                self.url = m.group(1)
                break
        if not self.url:
            self.proc.kill()
            self.log.seek(0)
            raise SystemExit("the server did not start:\n" + self.log.read())

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)

    def access_log(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


def request(url, method="GET", body=None, headers=None, timeout=120):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    h = dict(headers or {})
    if isinstance(body, (dict, list)):
        h.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(url, **kw):
    status, headers, body = request(url, **kw)
    try:
        return status, headers, json.loads(body)
    except ValueError:
        return status, headers, None


def cli_screen(exe, src, work, sites, name, *extra):
    out = work / ("cli-" + name)
    subprocess.run([exe, "screen", "--catalog", "layers/sample.toml", "--sites", sites, "--out", str(out),
                    "--format", "json,csv", "--quiet", *extra], cwd=src, check=True,
                   env=dict(os.environ, ECOZONE_CACHE_DIR=str(work / "cache"), LC_ALL="C.UTF-8"))
    return json.loads((out / "screening.json").read_text(encoding="utf-8")), (out / "screening.csv").read_bytes()


def same_sites(server_doc, cli_doc, what):
    check(server_doc.get("summary") == cli_doc["summary"], f"{what}: summary {server_doc.get('summary')} != {cli_doc['summary']}")
    check(server_doc.get("sites") == cli_doc["sites"], f"{what}: the sites differ from `ecozone screen`")
    check(server_doc.get("layers") == cli_doc["layers"], f"{what}: the layer list differs")


def execute(url, inputs, headers=None):
    return get_json(url + "/processes/screen/execution", method="POST", body={"inputs": inputs}, headers=headers)


def wait_job(url, job_id, headers=None):
    for _ in range(600):
        status, _, j = get_json(f"{url}/jobs/{job_id}", headers=headers)
        if status != 200 or j["status"] in ("successful", "failed", "dismissed"):
            return status, j
        time.sleep(0.1)
    return None, None


def test_api(args):
    exe, src, work = args.exe, pathlib.Path(args.src), pathlib.Path(args.work)
    srv = Server(exe, src, work, "--max-upload-mb", "2")
    url = srv.url
    try:
        # ---- landing, conformance, OpenAPI, the page's files
        status, headers, land = get_json(url + "/?f=json")
        check(status == 200 and land["edition"]["edition"] == 1, "landing page as JSON")
        check(headers.get("X-Ecozone-Edition", "").startswith("1; date=2023-12-31; catalog*=UTF-8''"), "the edition header")
        rels = {l["rel"] for l in land["links"]}
        check({"service-desc", "conformance", "data"} <= rels, f"landing links: {rels}")
        status, headers, page = request(url + "/", headers={"Accept": "text/html"})
        check(status == 200 and "ecozone 选址筛查".encode() in page, "the page at / for a browser")
        for path in ["/static/app.js", "/static/app.css", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css"]:
            check(request(url + path)[0] == 200, f"{path} is served")
        for path in ["/static/../CMakeLists.txt", "/static/leaflet/../../../etc/passwd", "/static/%2e%2e/README.md"]:
            check(request(url + path)[0] == 404, f"{path} is refused")
        status, _, conf = get_json(url + "/conformance")
        check("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conf["conformsTo"], "conformance classes")
        status, headers, api = get_json(url + "/api")
        check(status == 200 and api["openapi"].startswith("3.0") and headers["Content-Type"].startswith("application/vnd.oai.openapi+json"),
              "the OpenAPI document")
        for p in ["/", "/conformance", "/api", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                  "/collections/{collectionId}/items/{featureId}", "/processes", "/processes/screen",
                  "/processes/screen/execution", "/jobs", "/jobs/{jobId}", "/jobs/{jobId}/results", "/tiles/{z}/{x}/{y}.png",
                  "/admin/reload"]:
            check(p in api["paths"], f"/api describes {p}")

        # ---- OGC API Features: collections, paging, bbox, one feature
        layers = json.loads(subprocess.run([exe, "layers", "--catalog", "layers/sample.toml", "--json"], cwd=src,
                                           capture_output=True, text=True, check=True,
                                           env=dict(os.environ, ECOZONE_CACHE_DIR=str(work / "cache"))).stdout)
        counts = {l["id"]: l["features"] for l in layers["layers"]}
        status, _, cols = get_json(url + "/collections")
        check([c["id"] for c in cols["collections"]] == list(counts), "one collection per catalog layer")
        for c in cols["collections"]:
            check(c["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"] and "extent" in c, f"collection {c['id']} has CRS and extent")
        ids, next_url, pages = [], url + "/collections/farmland/items?limit=300", 0
        while next_url:
            status, headers, fc = get_json(next_url)
            check(status == 200 and headers["Content-Type"].startswith("application/geo+json"), "items are GeoJSON")
            check(fc["numberMatched"] == counts["farmland"], "numberMatched is the layer's feature count")
            check(fc["numberReturned"] == len(fc["features"]), "numberReturned counts the page")
            ids += [f["id"] for f in fc["features"]]
            next_url = next((l["href"] for l in fc["links"] if l["rel"] == "next"), None)
            pages += 1
        check(len(ids) == counts["farmland"] and len(set(ids)) == len(ids) and pages == -(-counts["farmland"] // 300),
              f"paging returns every farmland feature once ({len(ids)} in {pages} pages)")
        # bbox: the server's answer against shapely on the whole layer.
        from shapely.geometry import box, shape
        status, _, every = get_json(url + "/collections/farmland/items?limit=10000")
        b = (104.6, 30.0, 104.9, 30.3)
        want = sorted(f["id"] for f in every["features"] if shape(f["geometry"]).intersects(box(*b)))
        status, _, sub = get_json(url + "/collections/farmland/items?limit=10000&bbox=" + ",".join(map(str, b)))
        check(sorted(f["id"] for f in sub["features"]) == want and want, f"bbox selects what intersects it ({len(want)})")
        fid = every["features"][5]["id"]
        status, _, one = get_json(f"{url}/collections/farmland/items/{fid}")
        check(status == 200 and one["id"] == fid and one["geometry"] == every["features"][5]["geometry"], "one feature by id")
        # GDAL's own OAPIF client reads the collections as from any such server.
        from osgeo import ogr
        ds = ogr.Open("OAPIF:" + url)
        check(ds is not None and ds.GetLayerCount() == len(counts), "GDAL's OAPIF driver lists the collections")
        if ds is not None:
            lyr = ds.GetLayerByName("redline")
            n = sum(1 for _ in lyr)
            check(n == counts["redline"], f"GDAL's OAPIF driver reads all {counts['redline']} red-line features ({n})")

        # QGIS reads them too (its OAPIF provider), and shows the tiles as an "XYZ Tiles" layer.
        q = subprocess.run(["/usr/bin/python3", str(src / "tests/qgis/check_in_qgis.py"), "server", url, json.dumps(counts)],
                           capture_output=True, text=True, timeout=600)
        print(q.stdout)
        check(q.returncode == 0, "QGIS reads the collections and the tiles: " + q.stderr[-2000:])

        # ---- bad requests: a 4xx problem document each, and the server keeps serving
        bad = [
            ("GET", "/collections/nope", None, {}, 404, "there is no collection 'nope'"),
            ("GET", "/collections/redline/items?limit=0", None, {}, 400, "not a valid limit"),
            ("GET", "/collections/redline/items?limit=abc", None, {}, 400, "not a valid limit"),
            ("GET", "/collections/redline/items?bbox=1,2,3", None, {}, 400, "bbox"),
            ("GET", "/collections/redline/items?bbox=nan,1,2,3", None, {}, 400, "bbox"),
            ("GET", "/collections/redline/items/notanumber", None, {}, 400, "feature id"),
            ("GET", "/collections/redline/items/99999999", None, {}, 404, "has no feature"),
            ("GET", "/nothing/here", None, {}, 404, "nothing at"),
            ("PUT", "/collections", b"x", {}, 405, "not allowed"),
            ("GET", "/processes/screen/execution", None, {}, 405, "not allowed"),
            ("GET", "/processes/other", None, {}, 404, "no process"),
            ("GET", "/tiles/25/0/0.png", None, {}, 400, "zoom"),
            ("GET", "/tiles/3/9/0.png", None, {}, 400, "tile column"),
            ("GET", "/tiles/3/1/1.jpg", None, {}, 404, "PNG"),
            ("GET", "/jobs/nojob", None, {}, 404, "no job"),
            ("POST", "/processes/screen/execution", b'{"inputs":', {"Content-Type": "application/json"}, 400, "not valid JSON"),
            ("POST", "/processes/screen/execution", b'[1,2]', {"Content-Type": "application/json"}, 400, "no \"inputs\""),
            ("POST", "/processes/screen/execution", b"<html>", {"Content-Type": "text/html"}, 415, "text/html"),
            ("POST", "/processes/screen/execution", b"x", {"Content-Type": "application/x-www-form-urlencoded"}, 415,
             "x-www-form-urlencoded"),
        ]
        for method, path, body, headers, code, words in bad:
            status, h, doc = get_json(url + path, method=method, body=body, headers=headers)
            check(status == code and doc and words in doc.get("detail", ""), f"{method} {path} -> {code} '{words}' (got {status} {doc})")
            check(h.get("Content-Type", "").startswith("application/problem+json"), f"{method} {path} answers a problem document")
        inputs_bad = [
            ({"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "bufer_m": 5}, 400, "Do you mean 'buffer_m'"),
            ({"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "buffer_m": -1}, 400, "buffer_m must be a number"),
            ({"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "buffer_m": "x"}, 400, "buffer_m must be a number"),
            ({"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "coords": "wgs"}, 400, "gcj02 or bd09"),
            ({}, 400, "either as inputs.sites"),
            ({"sites": {"type": "Point", "coordinates": [30.12, 104.62]}}, 422, "longitude and latitude are swapped"),
            ({"sites": "POINT(1 2)"}, 400, "must be GeoJSON"),
            ({"file": {"name": "a.exe", "content": "eA=="}}, 415, "not a site file"),
            ({"file": {"name": "a.csv", "content": "!!!"}}, 400, "not base64"),
            ({"file": {"name": "a.csv", "content": ""}}, 400, "is empty"),
            ({"file": {"name": "a.csv", "content": base64.b64encode("编号,经度,纬度\n1,abc,def\n".encode()).decode()}}, 422,
             "not a longitude/latitude pair"),
            ({"file": {"name": "../../etc/passwd.csv", "content": base64.b64encode(b"id,lon,lat\n1,104.6,30.1\n").decode()}}, 200, ""),
        ]
        for inputs, code, words in inputs_bad:
            status, _, doc = execute(url, inputs)
            check(status == code and (code == 200 or words in (doc or {}).get("detail", "")), f"inputs {inputs} -> {code} '{words}' (got {status} {doc})")
            check("/tmp/" not in json.dumps(doc, ensure_ascii=False), f"inputs {inputs}: no server path in the answer")
        # A zipped Shapefile without .prj: its CRS is never guessed.
        subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(work / "shp"), str(src / "sample_data/sites.geojson"),
                        "-nln", "sites", "-lco", "ENCODING=UTF-8", "-sql",
                        "SELECT * FROM sites WHERE OGR_GEOMETRY='POLYGON'"], check=True)
        (work / "shp" / "sites.prj").unlink()
        zbuf = io.BytesIO()
        with zipfile.ZipFile(zbuf, "w") as z:
            for ext in ["shp", "shx", "dbf", "cpg"]:
                z.write(work / "shp" / f"sites.{ext}", f"sites.{ext}")
        status, _, doc = execute(url, {"file": {"name": "noprj.zip", "content": base64.b64encode(zbuf.getvalue()).decode()}})
        check(status == 422 and "has no coordinate reference system" in doc["detail"] and "--crs" in doc.get("hint", ""),
              f"a site file without CRS is refused, naming the way to give one ({status} {doc})")
        # An oversized body (the server was started with --max-upload-mb 2).
        big = b'{"inputs": {"file": {"name": "a.csv", "content": "' + b"A" * (4 << 20) + b'"}}}'
        status, _, doc = get_json(url + "/processes/screen/execution", method="POST", body=big,
                                  headers={"Content-Type": "application/json"})
        check(status == 413 and doc and "larger than this server takes" in doc["detail"], f"an oversized body -> 413 ({status} {doc})")
        # Garbage on the socket, and a client that hangs up: the server goes on.
        address = (urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port)
        with socket.create_connection(address) as s:
            s.sendall(b"\x00\x01GARBAGE \r\n\r\n")
            s.recv(100)
        with socket.create_connection(address) as s:
            s.sendall(b"POST /processes/screen/execution HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{")
        check(request(url + "/conformance")[0] == 200, "the server still answers after garbage and a hang-up")

        # ---- screening: the same answers as `ecozone screen`, from every way in
        cli_geojson, cli_geojson_csv = cli_screen(exe, src, work, "sample_data/sites.geojson", "geojson")
        status, _, doc = get_json(url + "/processes/screen/execution?filename=sites.geojson", method="POST",
                                  body=(src / "sample_data/sites.geojson").read_bytes(),
                                  headers={"Content-Type": "application/geo+json"})
        check(status == 200, f"a GeoJSON body is screened ({status})")
        same_sites(doc, cli_geojson, "sites.geojson as the body")
        check(doc["edition"]["edition"] == 1 and doc["sites_file"]["path"] == "sites.geojson", "the answer names edition and file")
        check(len(doc["overlaps"]["features"]) == sum(1 for s in doc["sites"] for h in s["hits"] if h["overlaps"]),
              "one overlap piece per overlapping hit")
        check(len(doc["site_shapes"]["features"]) == 30, "every site's shape comes back")
        for name in ["sites_points.csv", "sites_jzd.txt"]:
            cli_doc, _ = cli_screen(exe, src, work, "sample_data/" + name, name)
            status, _, doc = execute(url, {"file": {"name": name, "content": base64.b64encode((src / "sample_data" / name).read_bytes()).decode()}})
            check(status == 200, f"{name} is screened ({status} {doc if status != 200 else ''})")
            if status == 200:
                same_sites(doc, cli_doc, name)
        status, _, doc = execute(url, {"file": {"name": "sites.zip", "content": base64.b64encode(zbuf.getvalue()).decode()},
                                       "crs": "EPSG:4490"})
        cli_shp, _ = cli_screen(exe, src, work, str(work / "shp" / "sites.shp"), "shp", "--crs", "EPSG:4490")
        check(status == 200, f"a zipped Shapefile with crs is screened ({status})")
        if status == 200:
            same_sites(doc, cli_shp, "a zipped Shapefile")
        status, _, doc = execute(url, {"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "buffer_m": 200, "category": "化工"})
        out = work / "cli-point"
        subprocess.run([exe, "screen", "--catalog", "layers/sample.toml", "--point", "104.62,30.12", "--buffer-m", "200",
                        "--category", "化工", "--out", str(out), "--format", "json", "--quiet"], cwd=src, check=True,
                       env=dict(os.environ, ECOZONE_CACHE_DIR=str(work / "cache")))
        cli_doc = json.loads((out / "screening.json").read_text(encoding="utf-8"))
        check(status == 200 and doc["sites"][0]["verdict"] == cli_doc["sites"][0]["verdict"] == "prohibited" and
              doc["sites"][0]["hits"] == cli_doc["sites"][0]["hits"], "a point with a radius: as `ecozone screen --point`")

        # The request's category and name go to the sites of a file that has none (the page's typed coordinates).
        status, _, doc = execute(url, {"file": {"name": "coordinates.csv", "content": "编号,经度,纬度\nC1,104.62,30.12\n", "encoding": "text"},
                                       "category": "化工", "name": "测试化工厂", "buffer_m": 200})
        check(status == 200 and doc["sites"][0]["category"] == "化工" and doc["sites"][0]["name"] == "测试化工厂" and
              doc["sites"][0]["verdict"] == "prohibited", f"category and name apply to a file's sites ({status})")

        # ---- jobs: asynchronous execution, progress, results in every format, dismissal
        status, headers, job = get_json(url + "/processes/screen/execution?filename=sites.geojson", method="POST",
                                        body=(src / "sample_data/sites.geojson").read_bytes(),
                                        headers={"Content-Type": "application/geo+json", "Prefer": "respond-async"})
        check(status == 201 and headers.get("Location", "").endswith("/jobs/" + job["jobID"]), "Prefer: respond-async makes a job")
        status, j = wait_job(url, job["jobID"])
        check(status == 200 and j["status"] == "successful" and j["progress"] == 100, f"the job succeeds ({j})")
        status, _, res = get_json(f"{url}/jobs/{job['jobID']}/results")
        same_sites(res, cli_geojson, "the job's results")
        status, headers, csv = request(f"{url}/jobs/{job['jobID']}/results?f=csv")
        check(status == 200 and csv == cli_geojson_csv, "the job's CSV is byte for byte `ecozone screen`'s")
        for f, magic in [("gpkg", b"SQLite format 3"), ("xlsx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>"), ("kml", b"<?xml")]:
            status, headers, body = request(f"{url}/jobs/{job['jobID']}/results?f={f}")
            check(status == 200 and body.startswith(magic) and "attachment" in headers.get("Content-Disposition", ""),
                  f"the job's results as {f}")
        (work / "job.gpkg").write_bytes(request(f"{url}/jobs/{job['jobID']}/results?f=gpkg")[2])
        g = ogr.Open(str(work / "job.gpkg"))
        check(g is not None and g.GetLayerByName("sites_point") is not None, "the GPKG opens with GDAL")
        check(get_json(f"{url}/jobs/{job['jobID']}/results?f=docx")[0] == 400, "an unknown result format is refused")
        status, _, jobs = get_json(url + "/jobs")
        check(any(x["jobID"] == job["jobID"] for x in jobs["jobs"]), "the job list holds the job")
        check(get_json(f"{url}/jobs/{job['jobID']}", method="DELETE")[0] == 200, "DELETE dismisses the job")
        check(get_json(f"{url}/jobs/{job['jobID']}")[0] == 404, "a dismissed job is gone")
        # A job dismissed while it runs stops; the server goes on.
        status, _, job = get_json(url + "/processes/screen/execution?filename=sites.geojson", method="POST",
                                  body=(src / "sample_data/sites.geojson").read_bytes(),
                                  headers={"Content-Type": "application/geo+json", "Prefer": "respond-async"})
        check(status == 201 and get_json(f"{url}/jobs/{job['jobID']}", method="DELETE")[0] == 200, "a running job is dismissed")
        check(get_json(f"{url}/jobs/{job['jobID']}/results")[0] == 404, "a dismissed job has no results")

        # ---- tiles
        status, headers, png = request(url + "/tiles/10/809/422.png")
        check(status == 200 and headers["Content-Type"] == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n", "a map tile")
        from osgeo import gdal
        gdal.FileFromMemBuffer("/vsimem/tile.png", png)
        t = gdal.Open("/vsimem/tile.png")
        alpha = t.GetRasterBand(4).ReadAsArray()
        check(t.RasterXSize == 256 and (alpha > 0).mean() > 0.3, "the tile is 256 px and draws the zoning")
        status, _, empty = request(url + "/tiles/10/100/100.png")
        gdal.FileFromMemBuffer("/vsimem/empty.png", empty)
        far = gdal.Open("/vsimem/empty.png")  # kept while its band is read
        check((far.GetRasterBand(4).ReadAsArray() == 0).all(), "a tile far away is transparent")

        # ---- reload under load: requests in flight finish on their edition, none fails
        body = {"inputs": {"sites": json.loads((src / "sample_data/sites.geojson").read_text(encoding="utf-8"))}}
        results = []

        def client(n):
            out = []
            for _ in range(n):
                status, headers, doc = get_json(url + "/processes/screen/execution", method="POST", body=body)
                out.append((status, headers.get("X-Ecozone-Edition", "")[:2], doc.get("summary") if doc else None))
            return out

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(client, 6) for _ in range(8)]
            time.sleep(0.3)
            status, _, rel = get_json(url + "/admin/reload", method="POST")
            check(status == 200 and rel["edition"]["edition"] == 2, f"POST /admin/reload loads edition 2 ({status} {rel})")
            for f in futures:
                results += f.result()
        check(all(r[0] == 200 and r[2] == cli_geojson["summary"] for r in results), "no request failed during the reload")
        check({r[1] for r in results} <= {"1;", "2;"}, "every answer names its edition")
        srv.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            if get_json(url + "/?f=json")[2]["edition"]["edition"] == 3:
                break
            time.sleep(0.1)
        check(get_json(url + "/?f=json")[2]["edition"]["edition"] == 3, "SIGHUP reloads (edition 3)")

        # ---- the access log: one JSON line per request, no bodies, no query strings
        log = [json.loads(l) for l in srv.access_log().splitlines() if l.startswith("{")]
        check(len(log) > 100 and all({"time", "method", "path", "status", "ms", "bytes"} <= set(l) for l in log), "the access log")
        check(not any("?" in l["path"] for l in log), "the access log has no query strings")
        check("GARBAGE" not in srv.access_log() and "104.62" not in srv.access_log(), "the access log holds no request bodies")

        # ---- SIGTERM with a request in flight: it finishes, then the server exits 0
        slow = concurrent.futures.ThreadPoolExecutor(1).submit(
            lambda: get_json(url + "/processes/screen/execution", method="POST", body=body))
        time.sleep(0.05)
        rc = srv.stop()
        status = slow.result()[0]
        check(status == 200, f"the request in flight when SIGTERM came was answered ({status})")
        check(rc == 0, f"the server exits 0 on SIGTERM ({rc})")
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()

    # ---- a token: the API needs it, the page does not; another address needs a token or --no-auth
    (work / "token.txt").write_text("s3cret-token-for-the-test-0123456789\n")
    srv = Server(exe, src, work, "--token-file", str(work / "token.txt"))
    try:
        url = srv.url
        check(get_json(url + "/collections")[0] == 401, "no token -> 401")
        check(get_json(url + "/collections", headers={"Authorization": "Bearer wrong"})[0] == 401, "a wrong token -> 401")
        check(get_json(url + "/collections", headers={"Authorization": "Bearer s3cret-token-for-the-test-0123456789"})[0] == 200,
              "the right token -> 200")
        check(request(url + "/tiles/5/25/13.png?access_token=s3cret-token-for-the-test-0123456789")[0] == 200,
              "tiles take the token as access_token")
        check(request(url + "/", headers={"Accept": "text/html"})[0] == 200, "the page itself needs no token")
        check("s3cret" not in srv.access_log(), "the token never reaches the log")
    finally:
        srv.stop()
    r = subprocess.run([exe, "serve", "--catalog", "layers/sample.toml", "--host", "0.0.0.0", "--port", "0"], cwd=src,
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    check(r.returncode == 2 and "needs a token" in r.stderr, f"--host 0.0.0.0 without a token is refused ({r.returncode} {r.stderr})")
    (work / "short.txt").write_text("abc\n")
    r = subprocess.run([exe, "serve", "--catalog", "layers/sample.toml", "--token-file", str(work / "short.txt")], cwd=src,
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    check(r.returncode == 2 and "at least 16 characters" in r.stderr, "a short token is refused")


def test_page(args):
    exe, src, work = args.exe, pathlib.Path(args.src), pathlib.Path(args.work)
    srv = Server(exe, src, work)
    try:
        sites = json.loads((src / "sample_data/sites.geojson").read_text(encoding="utf-8"))
        s04 = next(f for f in sites["features"] if f["properties"]["id"] == "S04")
        cli_doc, _ = cli_screen(exe, src, work, "sample_data/sites.geojson", "page")
        want = next(s for s in cli_doc["sites"] if s["id"] == "S04")
        spec = {"url": srv.url, "ring": s04["geometry"]["coordinates"][0][:-1], "category": s04["properties"]["category"],
                "verdict": want["verdict"], "hits": sum(1 for h in want["hits"] if h["overlaps"] and h["verdict"] != "clear"),
                "csv": str((src / "sample_data/sites_points.csv").resolve()),
                "csv_sites": sum(1 for _ in open(src / "sample_data/sites_points.csv", encoding="utf-8")) - 1,
                "screenshots": str(work.resolve())}
        r = subprocess.run(["node", str((src / "tests/serve/check_page.mjs").resolve()), json.dumps(spec)], cwd=src / "tests/serve",
                           capture_output=True, text=True, timeout=300)
        print(r.stdout)
        check(r.returncode == 0, "the page test: " + r.stderr[-3000:])
    finally:
        srv.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["api", "page"])
    ap.add_argument("--exe", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    {"api": test_api, "page": test_page}[args.mode](args)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
