// The screening page in a real browser: Debian's Chromium, driven by puppeteer-core (which downloads no
// browser). Draws a parcel on the map, screens it, and finds the verdict and the highlighted overlap;
// then drops a CSV of sites and finds one table row per site. Screenshots go to spec.screenshots.
//     node check_page.mjs '{"url": …, "ring": [[lon, lat] …], "category": …, "verdict": …, "hits": n,
//                           "csv": path, "csv_sites": n, "screenshots": dir}'
import puppeteer from "puppeteer-core";

const spec = JSON.parse(process.argv[2]);
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log((ok ? "ok   " : "FAIL ") + what);
};

const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(spec.url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) external.push(r.url()); });
  await page.goto(spec.url + "/", { waitUntil: "networkidle0" });
  await page.waitForSelector(".leaflet-tile-loaded", { timeout: 20000 });
  check((await page.$eval("#edition", (e) => e.textContent)).includes("第 1 版"), "the page names the edition");

  // Draw the parcel: zoom to it, then click its corners and Finish.
  await page.evaluate((ring) => {
    const b = L.latLngBounds(ring.map(([lon, lat]) => [lat, lon]));
    map.fitBounds(b.pad(1.5));
  }, spec.ring);
  await new Promise((r) => setTimeout(r, 800));
  await page.click('.tool[data-mode="polygon"]');
  const box = await (await page.$("#map")).boundingBox();
  for (const [lon, lat] of spec.ring) {
    const p = await page.evaluate((lat, lon) => map.latLngToContainerPoint([lat, lon]), lat, lon);
    await page.mouse.click(box.x + p.x, box.y + p.y);
    await new Promise((r) => setTimeout(r, 150));
  }
  await page.click("#finish");
  await page.$eval("#category", (e, v) => { e.value = v; }, spec.category);
  await page.$eval("#buffer", (e) => { e.value = ""; });
  const t0 = Date.now();
  await page.click("#screen");
  await page.waitForSelector("#result .site .verdict", { timeout: 20000 });
  const ms = Date.now() - t0;
  const verdict = await page.$eval("#result .site h3 .verdict", (e) => e.className);
  check(verdict.includes("v-" + spec.verdict), `the drawn parcel's verdict is ${spec.verdict} (${verdict})`);
  check(ms < 3000, `the verdict appears quickly (${ms} ms)`);
  const overlaps = await page.evaluate(() => { let n = 0; overlapLayer.eachLayer((g) => g.eachLayer((l) => { n++; })); return n; });
  check(overlaps === spec.hits, `the overlaps are highlighted on the map (${overlaps} of ${spec.hits})`);
  const reasons = await page.$$eval("#result .site li", (l) => l.length);
  check(reasons > 0, "the reasons are listed");
  const downloads = await page.$$eval(".downloads a", (l) => l.map((a) => a.textContent));
  check(["html", "csv", "gpkg"].every((f) => downloads.includes(f)), `report.html, CSV and GPKG can be downloaded (${downloads})`);
  await new Promise((r) => setTimeout(r, 800));
  await page.screenshot({ path: spec.screenshots + "/page-parcel.png" });

  // Drop a file: the CSV of sites, one table row per site.
  await page.click('.tab[data-tab="file"]');
  const input = await page.$("#file-input");
  await input.uploadFile(spec.csv);
  await page.$eval("#buffer", (e) => { e.value = ""; });
  await page.$eval("#category", (e) => { e.value = ""; });
  await page.click("#screen");
  await page.waitForSelector("#sites-table", { timeout: 30000 });
  const rows = await page.$$eval("#sites-table tbody tr", (r) => r.length);
  check(rows === spec.csv_sites, `a dropped CSV lists every site (${rows} of ${spec.csv_sites})`);
  await page.click("#sites-table tbody tr");
  await page.waitForSelector("#site-detail .site", { timeout: 5000 });
  await new Promise((r) => setTimeout(r, 800));
  await page.screenshot({ path: spec.screenshots + "/page-batch.png" });

  check(errors.length === 0, `no script errors (${errors.join(" | ")})`);
  // A bad input shows the server's words, not a crash.
  await page.click('.tab[data-tab="coords"]');
  await page.$eval("#coords", (e) => { e.value = "30.12,104.62"; });
  await page.click("#screen");
  await page.waitForSelector("#status.error", { timeout: 10000 });
  const said = await page.$eval("#status", (e) => e.textContent);
  check(/swapped|颠倒/.test(said), `swapped coordinates get the server's message (${said.slice(0, 120)})`);

  check(external.length === 0, `nothing is loaded from outside the server (${external.slice(0, 3)})`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.length + " check(s) failed");
  process.exit(1);
}
