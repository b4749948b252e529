// The screening page: draw, type or drop a site; the server screens it (POST /processes/screen/execution)
// and the verdict, reasons, hits, nearest distances and control units appear, the overlaps highlighted.
// Everything it loads comes from the server (Leaflet from Debian's libjs-leaflet): it works offline.
"use strict";

const VERDICT = {
  prohibited: ["禁止", "prohibited"], restricted: ["限制", "restricted"],
  review: ["需论证", "review"], clear: ["符合", "clear"],
};
const COLOR = { prohibited: "#b2182b", restricted: "#e66101", review: "#d4a106", clear: "#1a9641" };
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("ecozone-token") || "";

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function num(v, d) {
  return v == null || !isFinite(v) ? "" : Number(v).toLocaleString("zh-CN", { minimumFractionDigits: d, maximumFractionDigits: d });
}
function verdictBadge(v) {
  const [zh, en] = VERDICT[v] || [v, ""];
  return `<span class="verdict v-${esc(v)}">${esc(zh)} <span class="en" style="color:#fff">${esc(en)}</span></span>`;
}

async function api(path, options = {}) {
  options.headers = Object.assign({}, options.headers || {});
  if (token) options.headers["Authorization"] = "Bearer " + token;
  const res = await fetch(path, options);
  if (res.status === 401) {
    const t = prompt("此服务器需要令牌 This server needs a token:");
    if (t) {
      token = t.trim();
      sessionStorage.setItem("ecozone-token", token);
      return api(path, options);
    }
  }
  return res;
}
async function problemText(res) {
  try {
    const p = await res.json();
    return (p.detail || res.statusText) + (p.hint ? "\n" + p.hint : "");
  } catch (e) {
    return res.status + " " + res.statusText;
  }
}

// ---- the map
const map = L.map("map", { doubleClickZoom: false, preferCanvas: true }).setView([30.6, 104.6], 7);
let tileLayer = null;
const sitesLayer = L.featureGroup().addTo(map);
const overlapLayer = L.featureGroup().addTo(map);
const drawLayer = L.featureGroup().addTo(map);

function tileUrl() {
  return "/tiles/{z}/{x}/{y}.png" + (token ? "?access_token=" + encodeURIComponent(token) : "");
}

async function start() {
  const res = await api("/?f=json");
  if (!res.ok) {
    setStatus(await problemText(res), true);
    return;
  }
  const land = await res.json();
  const e = land.edition || {};
  $("edition").textContent = `${e.catalog || ""} ${e.version || ""}${e.date ? "（数据日期 " + e.date + "）" : ""} · 第 ${e.edition} 版 edition`;
  if (land.base_map) L.tileLayer(land.base_map, { maxZoom: 18, attribution: "base map" }).addTo(map);
  tileLayer = L.tileLayer(tileUrl(), { maxZoom: 18, opacity: 0.85, attribution: "ecozone" }).addTo(map);
  if (land.extent) map.fitBounds([[land.extent[1], land.extent[0]], [land.extent[3], land.extent[2]]]);
}

// ---- drawing
let mode = null, vertices = [], sketch = null, drawn = null;
function setMode(m) {
  mode = m;
  vertices = [];
  document.querySelectorAll(".tool[data-mode]").forEach((b) => b.classList.toggle("active", b.dataset.mode === m));
  $("finish").disabled = !(m === "line" || m === "polygon");
  map.getContainer().style.cursor = m ? "crosshair" : "";
}
function redrawSketch() {
  if (sketch) drawLayer.removeLayer(sketch);
  sketch = null;
  if (!vertices.length) return;
  sketch = mode === "polygon" && vertices.length > 2 ? L.polygon(vertices, { color: "#333", dashArray: "4" })
                                                     : L.polyline(vertices, { color: "#333", dashArray: "4" });
  drawLayer.addLayer(sketch);
}
function finishDrawing() {
  if (mode === "line" && vertices.length >= 2) {
    drawn = { type: "LineString", coordinates: vertices.map((v) => [v.lng, v.lat]) };
  } else if (mode === "polygon" && vertices.length >= 3) {
    const ring = vertices.map((v) => [v.lng, v.lat]);
    ring.push(ring[0]);
    drawn = { type: "Polygon", coordinates: [ring] };
  } else {
    return;
  }
  drawLayer.clearLayers();
  drawLayer.addLayer(L.geoJSON(drawn, { style: { color: "#222", weight: 2, fill: false } }));
  sketch = null;
  setMode(null);
}
map.on("click", (ev) => {
  if (!mode) return;
  if (mode === "point") {
    drawn = { type: "Point", coordinates: [ev.latlng.lng, ev.latlng.lat] };
    drawLayer.clearLayers();
    const r = Number($("buffer").value) || 0;
    drawLayer.addLayer(L.circleMarker(ev.latlng, { radius: 5, color: "#222" }));
    if (r > 0) drawLayer.addLayer(L.circle(ev.latlng, { radius: r, color: "#222", weight: 1, fill: false }));
    setMode(null);
    return;
  }
  vertices.push(ev.latlng);
  redrawSketch();
});
map.on("dblclick", () => finishDrawing());
document.querySelectorAll(".tool[data-mode]").forEach((b) => b.addEventListener("click", () => setMode(b.dataset.mode)));
$("finish").addEventListener("click", finishDrawing);
$("clear").addEventListener("click", () => {
  drawn = null;
  drawLayer.clearLayers();
  sitesLayer.clearLayers();
  overlapLayer.clearLayers();
  $("result").innerHTML = "";
  setMode(null);
});

// ---- tabs and the file
let tab = "draw", file = null;
document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => {
  tab = b.dataset.tab;
  document.querySelectorAll(".tab").forEach((x) => x.classList.toggle("active", x === b));
  ["draw", "coords", "file"].forEach((t) => $("pane-" + t).classList.toggle("hidden", t !== tab));
}));
const drop = $("drop");
drop.addEventListener("click", () => $("file-input").click());
drop.addEventListener("keydown", (e) => { if (e.key === "Enter") $("file-input").click(); });
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) pickFile(e.dataTransfer.files[0]);
});
$("file-input").addEventListener("change", (e) => { if (e.target.files.length) pickFile(e.target.files[0]); });
function pickFile(f) {
  file = f;
  $("file-name").textContent = `${f.name}（${num(f.size / 1024, 1)} KB）`;
}
function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// ---- what is sent
async function inputs() {
  const common = {};
  const buffer = $("buffer").value.trim();
  if (buffer !== "") common.buffer_m = Number(buffer);
  if ($("category").value.trim()) common.category = $("category").value.trim();
  if ($("site-name").value.trim()) common.name = $("site-name").value.trim();
  if ($("coords-system").value) common.coords = $("coords-system").value;
  if (tab === "draw") {
    if (!drawn) throw new Error("请先在地图上绘制项目。Draw a site on the map first.");
    return Object.assign(common, { sites: drawn });
  }
  if (tab === "coords") {
    const text = $("coords").value.trim();
    if (!text) throw new Error("请输入坐标。Type or paste coordinates first.");
    if (text.includes("[属性描述]") || text.includes("@")) {
      return Object.assign(common, { file: { name: "parcels.txt", content: text, encoding: "text" } });
    }
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l);
    if ($("as-polygon").checked) {
      const ring = lines.map((l) => l.split(/[,，\s]+/).map(Number));
      if (ring.some((p) => p.length < 2 || p.some((v) => !isFinite(v)))) {
        throw new Error("连成面时请用十进制度：经度,纬度。For a polygon, write decimal degrees: lon,lat.");
      }
      ring.push(ring[0]);
      return Object.assign(common, { sites: { type: "Polygon", coordinates: [ring.map((p) => [p[0], p[1]])] } });
    }
    const rows = ["编号,经度,纬度"];
    lines.forEach((l, i) => {
      const parts = l.split(/[,，\t]/);
      if (parts.length < 2) throw new Error(`第 ${i + 1} 行不是“经度,纬度”。Line ${i + 1} is not lon,lat.`);
      rows.push(`C${i + 1},"${parts[0].trim().replace(/"/g, '""')}","${parts[1].trim().replace(/"/g, '""')}"`);
    });
    return Object.assign(common, { file: { name: "coordinates.csv", content: rows.join("\n"), encoding: "text" } });
  }
  if (!file) throw new Error("请先选择文件。Choose a file first.");
  return Object.assign(common, { file: { name: file.name, content: base64(await file.arrayBuffer()) } });
}

function setStatus(text, error) {
  $("status").textContent = text;
  $("status").classList.toggle("error", !!error);
}

$("screen").addEventListener("click", async () => {
  let body;
  try {
    body = { inputs: await inputs() };
  } catch (e) {
    setStatus(e.message, true);
    return;
  }
  $("screen").disabled = true;
  setStatus("筛查中… Screening…");
  const t0 = performance.now();
  try {
    const res = await api("/processes/screen/execution", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (res.status === 201) {
      await followJob(await res.json());
    } else if (!res.ok) {
      setStatus(await problemText(res), true);
    } else {
      show(await res.json(), performance.now() - t0);
    }
  } catch (e) {
    setStatus("请求失败 The request failed: " + e.message, true);
  } finally {
    $("screen").disabled = false;
  }
});

async function followJob(job) {
  const bar = $("progress");
  bar.classList.remove("hidden");
  const t0 = performance.now();
  for (;;) {
    bar.firstElementChild.style.width = (job.progress || 0) + "%";
    setStatus(`批量筛查 Batch: ${job.sites_done || 0} / ${job.sites || "?"}`);
    if (job.status === "successful") break;
    if (job.status === "failed" || job.status === "dismissed") {
      setStatus(job.message || job.status, true);
      bar.classList.add("hidden");
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
    const res = await api("/jobs/" + job.jobID);
    if (!res.ok) {
      setStatus(await problemText(res), true);
      return;
    }
    job = await res.json();
  }
  const res = await api("/jobs/" + job.jobID + "/results?f=json");
  bar.classList.add("hidden");
  if (!res.ok) {
    setStatus(await problemText(res), true);
    return;
  }
  show(await res.json(), performance.now() - t0);
}

// ---- the answer
let layerTitle = {};
function show(doc, ms) {
  layerTitle = Object.fromEntries((doc.layers || []).map((l) => [l.id, l.title]));
  setStatus(`完成 Done: ${doc.sites.length} 个项目 sites, ${num(ms / 1000, 2)} s`);
  sitesLayer.clearLayers();
  overlapLayer.clearLayers();
  L.geoJSON(doc.site_shapes, {
    style: (f) => ({ color: COLOR[f.properties.verdict] || "#333", weight: 3, fill: false }),
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 6, color: COLOR[f.properties.verdict] || "#333", weight: 3 }),
  }).addTo(sitesLayer);
  // The most severe overlaps on top; control units tile everything, so they are outlined only.
  const severity = (f) => ["clear", "review", "restricted", "prohibited"].indexOf(f.properties.verdict);
  const pieces = Object.assign({}, doc.overlaps, {
    features: doc.overlaps.features.filter((f) => f.properties.verdict !== "clear").sort((a, b) => severity(a) - severity(b)),
  });
  L.geoJSON(pieces, {
    style: (f) => f.properties.role === "control_unit"
      ? { color: COLOR[f.properties.verdict] || "#333", weight: 2, dashArray: "6 4", fill: false }
      : { color: "#000", weight: 1.5, fillColor: COLOR[f.properties.verdict] || "#b2182b", fillOpacity: 0.6 },
    onEachFeature: (f, layer) => layer.bindTooltip(`${esc(f.properties.layer_title)} ${esc(f.properties.feature_name || f.properties.feature_code)}: ${num(f.properties.overlap_m2, 0)} m²`),
  }).addTo(overlapLayer);
  const bounds = sitesLayer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.6), { maxZoom: 15 });
  const downloads = (doc.links || []).map((l) => `<a href="${esc(l.href)}" data-f="${esc(l.title)}">${esc(l.title)}</a>`).join("");
  let html = `<div class="downloads">下载 Download: ${downloads}</div>`;
  if (doc.sites.length === 1) {
    html += siteCard(doc.sites[0]);
  } else {
    html += siteTable(doc.sites);
    html += `<div id="site-detail"></div>`;
  }
  if (doc.warnings && doc.warnings.length) {
    html += `<details><summary>提示 Notes (${doc.warnings.length})</summary><ul>${doc.warnings.map((w) => `<li>${esc(w.message)}</li>`).join("")}</ul></details>`;
  }
  $("result").innerHTML = html;
  $("result").querySelectorAll(".downloads a").forEach((a) => a.addEventListener("click", download));
  wireTable(doc);
}

async function download(e) {
  e.preventDefault();
  const a = e.currentTarget;
  const res = await api(a.getAttribute("href"));
  if (!res.ok) {
    setStatus(await problemText(res), true);
    return;
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  const names = { json: "screening.json", csv: "screening.csv", xlsx: "screening.xlsx", gpkg: "screening.gpkg", html: "report.html", pdf: "report.pdf", kml: "screening.kml" };
  link.href = url;
  link.download = names[a.dataset.f] || "result";
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function siteCard(s) {
  let h = `<div class="site"><h3>${esc(s.id)} ${esc(s.name)} ${verdictBadge(s.verdict)}</h3>`;
  if (s.problem) h += `<p class="status error">${esc(s.problem)}</p>`;
  // One line per reason: a rule met by two features of a layer says the same thing twice.
  const seen = new Set();
  const reasons = s.reasons.filter((r) => { const k = r.rule + "\n" + r.reason; if (seen.has(k)) return false; seen.add(k); return true; });
  if (reasons.length) {
    h += `<div>理由 <span class="en">Reasons</span></div><ul>${reasons.map((r) => `<li>${verdictBadge(r.verdict)} ${esc(r.reason)}<br><span class="en">${esc(r.reason_en)}</span>${r.source ? `<br><span class="source">依据 ${esc(r.source)}</span>` : ""}</li>`).join("")}</ul>`;
  }
  if (s.hits && s.hits.length) {
    h += `<div>涉及 <span class="en">Hits</span></div><table><tr><th>图层 Layer</th><th>要素 Feature</th><th>重叠 Overlap</th><th>占比 Share</th></tr>`;
    h += s.hits.map((x) => {
      const overlap = !x.overlaps ? `相距 ${num(x.distance_m, 0)} m <span class="en">away</span>`
        : x.overlap_m2 > 0 ? `${num(x.overlap_m2, 0)} m²<br>${num(x.overlap_ha, 4)} ha<br>${num(x.overlap_mu, 2)} 亩`
        : x.overlap_len_m > 0 ? `${num(x.overlap_len_m, 0)} m` : "—";
      return `<tr><td>${esc(layerTitle[x.layer] || x.layer)}</td><td>${esc(x.feature_name || x.feature_code)}${x.zone ? `<br><span class="en">${esc(x.zone)}</span>` : ""}<br><span class="source">${esc(x.feature_code)}</span></td><td class="num">${overlap}</td><td class="num">${x.overlap_ratio != null ? num(100 * x.overlap_ratio, 1) + " %" : ""}</td></tr>`;
    }).join("");
    h += `</table>`;
  }
  if (s.nearest) {
    h += `<div>最近距离 <span class="en">Nearest (within the search distance)</span></div><table><tr><th>图层 Layer</th><th>要素 Feature</th><th>距离 m</th></tr>`;
    h += Object.entries(s.nearest).map(([layer, n]) => `<tr><td>${esc(layerTitle[layer] || layer)}</td><td>${n ? esc(n.feature_name || n.feature_code) : "—"}</td><td class="num">${n ? num(n.distance_m, 0) : "—"}</td></tr>`).join("");
    h += `</table>`;
  }
  if (s.control_units && s.control_units.length) {
    h += `<div>环境管控单元与准入清单 <span class="en">Control units and their access lists</span></div>`;
    h += s.control_units.map((u) => `<details open><summary>${esc(u.code)} ${esc(u.name || "")} ${esc(u.type || "")} ${u.share != null ? num(100 * u.share, 1) + " %" : ""}</summary><ul>${Object.entries(u.requirements || {}).map(([k, v]) => `<li><b>${esc(k)}</b> ${esc(v)}</li>`).join("")}</ul></details>`).join("");
  }
  return h + `</div>`;
}

function siteTable(sites) {
  const rows = sites.map((s, i) => `<tr class="pick" data-i="${i}"><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td data-v="${["clear", "review", "restricted", "prohibited"].indexOf(s.verdict)}">${verdictBadge(s.verdict)}</td><td>${esc(s.reasons[0] ? s.reasons[0].reason : "")}</td></tr>`).join("");
  return `<table id="sites-table"><thead><tr><th data-k="0">编号 Id</th><th data-k="1">名称 Name</th><th data-k="2">结论 Verdict</th><th data-k="3">理由 Reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function wireTable(doc) {
  const table = $("sites-table");
  if (!table) return;
  table.querySelectorAll("tr.pick").forEach((tr) => tr.addEventListener("click", () => {
    const s = doc.sites[Number(tr.dataset.i)];
    $("site-detail").innerHTML = siteCard(s);
    sitesLayer.eachLayer((g) => g.eachLayer && g.eachLayer((l) => {
      if (l.feature && l.feature.properties.id === s.id) map.fitBounds(l.getBounds ? l.getBounds().pad(1) : L.latLngBounds([l.getLatLng()]).pad(0.01), { maxZoom: 15 });
    }));
  }));
  let dir = 1;
  table.querySelectorAll("th").forEach((th) => th.addEventListener("click", () => {
    const k = Number(th.dataset.k);
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    dir = -dir;
    rows.sort((a, b) => {
      const x = a.cells[k].dataset.v ?? a.cells[k].textContent, y = b.cells[k].dataset.v ?? b.cells[k].textContent;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    rows.forEach((r) => body.appendChild(r));
  }));
}

start();
