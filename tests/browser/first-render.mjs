// Measures the dashboard in Debian's headless Chromium: time from navigation
// to the first render (the page's data-ready flag), then the time to apply a
// filter and a search. Prints JSON. Used by scripts/bench-isms.
//   node first-render.mjs REPORT.html [RUNS]
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [report, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await chromium.launch({
  executablePath: process.env.MAMORI_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    const t0 = Date.now();
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector("#app[data-ready='1']", { timeout: 60000 });
    const firstRender = Date.now() - t0;
    await page.click("#tab-findings");
    const t1 = Date.now();
    await page.selectOption("#filter-severity", "high");
    const filter = Date.now() - t1;
    const t2 = Date.now();
    await page.fill("#filter-search", "bucket-0099");
    await page.waitForFunction(() => Number(document.querySelector("#findings-count").dataset.shown) < 1000, null, { timeout: 60000 });
    const search = Date.now() - t2;
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
    if (errors.length) throw new Error(errors.join("\n"));
    results.push({ first_render_ms: firstRender, filter_ms: filter, search_ms: search, js_heap_mb: Math.round(heap / 1048576) });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
