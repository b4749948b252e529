#!/usr/bin/python3
"""Opens what ecozone wrote in QGIS (Debian's python3-qgis, offscreen) and checks that QGIS draws it.

  check_in_qgis.py screening DIR        screening.gpkg beside screening.json in DIR
  check_in_qgis.py server URL COUNTS_JSON
                                        `ecozone serve` at URL: every collection opens as an OGC API – Features
                                        layer (QGIS's OAPIF provider) with the feature count COUNTS_JSON says,
                                        and the XYZ tiles open as a raster layer ("XYZ Tiles") and draw
  check_in_qgis.py style SLD|QML DATA LAYER FIELD MIN_CLASSES
                                        a style from `ecozone style export`, applied to DATA (a file, its
                                        layer LAYER), classifying on FIELD into at least MIN_CLASSES
                                        different symbols

For every table: the layer is valid, its geometry type is what its name says, the style stored with it
(layer_styles) is the one QGIS applies, and the renderer draws every feature (a category matches it).
The map is rendered to an image, which must not be blank. Exits 1 with a message naming the table.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="ecozone-qgis-"))

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRenderContext,  # noqa: E402
                       QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def drawn_features(layer, classes=None):
    """How many features the layer's renderer draws (its symbol for them is not empty); `classes`, when
    given, collects the legend keys (rules, categories) the features fall in."""
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setExtent(layer.extent())
    ms.setOutputSize(QSize(400, 400))
    ctx = QgsRenderContext.fromMapSettings(ms)
    renderer = layer.renderer().clone()
    renderer.startRender(ctx, layer.fields())
    n = 0
    for f in layer.getFeatures():
        if renderer.willRenderFeature(f, ctx) and renderer.symbolsForFeature(f, ctx):
            n += 1
            if classes is not None:
                classes.update(k for k in renderer.legendKeysForFeature(f, ctx) if k != "root")
    renderer.stopRender(ctx)
    return n


def render(layers, extent, size, crs=None):
    """The layers drawn over `extent` (in `crs`, else the layers' own) on a white image of size × size."""
    ms = QgsMapSettings()
    ms.setLayers(layers)
    if crs is not None:
        ms.setDestinationCrs(crs)
    ms.setExtent(extent)
    ms.setOutputSize(QSize(size, size))
    ms.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def render_nonblank(layers, path):
    extent = layers[0].extent()
    for layer in layers[1:]:
        extent.combineExtentWith(layer.extent())
    extent.scale(1.05)
    image = render(layers, extent, 600)
    image.save(path)
    colours = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            colours.add(image.pixel(x, y))
    return len(colours)


def check_table(path, table, expected_geometry, field):
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not layer.isValid():
        fail(f"{path}: QGIS cannot open table {table}")
        return None
    if layer.geometryType() != expected_geometry:
        fail(f"{path}: table {table} has geometry type {layer.geometryType()}, not {expected_geometry}")
    renderer = layer.renderer()
    attribute = getattr(renderer, "classAttribute", lambda: None)()
    if renderer.type() != "categorizedSymbol" or attribute != field:
        fail(f"{path}: table {table} got renderer {renderer.type()} on {attribute!r}, not the stored one on {field!r}")
    count = layer.featureCount()
    drawn = drawn_features(layer)
    if drawn != count:
        fail(f"{path}: table {table}: QGIS draws {drawn} of its {count} features")
    print(f"{table}: {count} features, {drawn} drawn by the stored style")
    return layer


def check_screening(folder):
    gpkg = os.path.join(folder, "screening.gpkg")
    with open(os.path.join(folder, "screening.json"), encoding="utf-8") as f:
        sites = json.load(f)["sites"]
    kinds = {"polygon": QgsWkbTypes.PolygonGeometry, "line": QgsWkbTypes.LineGeometry, "point": QgsWkbTypes.PointGeometry}
    probe = QgsVectorLayer(gpkg, "probe", "ogr")
    tables = [s.split("!!::!!")[1] for s in probe.dataProvider().subLayers()]
    layers, site_ids = [], []
    for table in tables:
        prefix, _, kind = table.partition("_")
        if prefix not in ("sites", "overlaps") or kind not in kinds:
            continue
        layer = check_table(gpkg, table, kinds[kind], "verdict" if prefix == "sites" else "role")
        if layer is None:
            continue
        layers.append(layer)
        if prefix == "sites":
            site_ids += [feature["site_id"] for feature in layer.getFeatures()]
    if "sites_no_geometry" in tables:
        layer = QgsVectorLayer(f"{gpkg}|layername=sites_no_geometry", "none", "ogr")
        site_ids += [feature["site_id"] for feature in layer.getFeatures()]
    if sorted(site_ids) != sorted(s["id"] for s in sites):
        fail(f"{gpkg}: the sites tables hold {len(site_ids)} sites, screening.json {len(sites)}")
    for needed in ("sites_polygon", "sites_line"):
        if needed not in tables:
            fail(f"{gpkg}: has no table {needed} (the sample has parcels and routes)")
    if layers and render_nonblank(layers, os.path.join(folder, "qgis.png")) < 3:
        fail(f"{gpkg}: QGIS drew a blank map")


def check_style(style, data, table, field, min_classes):
    layer = QgsVectorLayer(f"{data}|layername={table}" if table else data, "data", "ogr")
    if not layer.isValid():
        fail(f"{data}: QGIS cannot open layer {table}")
        return
    if style.endswith(".qml"):
        message, ok = layer.loadNamedStyle(style)
    else:
        message, ok = layer.loadSldStyle(style)
    if not ok:
        fail(f"{style}: QGIS could not apply it: {message}")
        return
    renderer = layer.renderer()
    count = layer.featureCount()
    classes = set()
    drawn = drawn_features(layer, classes)
    print(f"{style} on {data} ({table}): {renderer.type()}, {drawn} of {count} features drawn in {len(classes)} classes")
    if drawn != count:
        fail(f"{style}: applied to {data} ({table}) QGIS draws {drawn} of its {count} features")
    if field and field not in layer.fields().names():
        fail(f"{data} ({table}) has no field {field} to classify on")
    if len(classes) < min_classes:
        fail(f"{style}: the features of {data} ({table}) fall in {len(classes)} classes, not at least {min_classes} "
             f"(classified on {field})")
    if render_nonblank([layer], style + ".png") < 3:
        fail(f"{style}: QGIS drew a blank map")


def check_server(url, counts_json):
    from qgis.core import QgsRasterLayer
    counts = json.loads(counts_json)
    layers = []
    for cid, count in counts.items():
        layer = QgsVectorLayer(f"url='{url}' typename='{cid}'", cid, "OAPIF")
        if not layer.isValid():
            fail(f"{url}: QGIS cannot open collection {cid} as OGC API – Features")
            continue
        n = sum(1 for _ in layer.getFeatures())
        print(f"OAPIF {cid}: {n} features")
        if n != count:
            fail(f"{url}: QGIS reads {n} features of {cid}, not {count}")
        layers.append(layer)
    tiles = QgsRasterLayer(f"type=xyz&url={url}/tiles/{{z}}/{{x}}/{{y}}.png&zmax=18&zmin=0", "ecozone tiles", "wms")
    if not tiles.isValid():
        fail(f"{url}: QGIS cannot open the tiles as an XYZ layer")
    elif layers:
        from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
        mercator = QgsCoordinateReferenceSystem("EPSG:3857")
        extent = QgsCoordinateTransform(layers[0].crs(), mercator, QgsProject.instance()).transformBoundingBox(layers[0].extent())
        image = render([tiles], extent, 512, mercator)
        colours = {image.pixel(x, y) for y in range(0, 512, 4) for x in range(0, 512, 4)}
        print(f"XYZ tiles drawn by QGIS: {len(colours)} colours")
        if len(colours) < 5:
            fail(f"{url}: QGIS drew the XYZ tiles blank")


def main():
    app = QgsApplication([], False)
    app.initQgis()
    if len(sys.argv) == 3 and sys.argv[1] == "screening":
        check_screening(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "server":
        check_server(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 7 and sys.argv[1] == "style":
        check_style(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    app.exitQgis()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
