// Drives mamori's HTML dashboard in Debian's headless Chromium:
//   node dashboard.mjs REPORT.html SCREENSHOT_PREFIX EXPECTED.json
// EXPECTED.json holds what the page must show, computed by the Rust test
// from mamori's own outputs: { critical_failing, first_critical: {code, title_en, title_ja, resource} }.
// Fails (exit 1) on any assertion, console error or page error.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [report, shots, expectedPath] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, "utf8"));
const errors = [];
const check = (ok, what) => { if (!ok) throw new Error(`assertion failed: ${what}`); };

const browser = await chromium.launch({
  executablePath: process.env.MAMORI_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  // The page must need nothing from the network.
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) errors.push(`network request: ${r.url()}`); });
  const started = Date.now();
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector("#app[data-ready='1']", { timeout: 30000 });
  const firstRender = Date.now() - started;

  // Summary in English.
  check((await page.textContent("#tab-findings")) === "Findings", "English tab label");
  check(Number(await page.textContent("#count-fail")) === expected.failing, `failing count ${expected.failing}`);
  check((await page.textContent("#scope")).includes(expected.account), "scope names the account");
  check(Number(await page.textContent("#count-risks-open")) === expected.open_risks, "open risks on the summary");
  await page.screenshot({ path: `${shots}-summary.png` });

  // Filter: critical failures only.
  await page.click("#tab-findings");
  await page.selectOption("#filter-status", "fail");
  await page.selectOption("#filter-severity", "critical");
  const shown = Number(await page.getAttribute("#findings-count", "data-shown"));
  check(shown === expected.critical_failing, `critical failing shown ${shown}, expected ${expected.critical_failing}`);
  // Search narrows to one resource.
  await page.fill("#filter-search", expected.first_critical.resource);
  await page.waitForFunction((q) => document.querySelector("#findings-count").dataset.query === q.toLowerCase(), expected.first_critical.resource);
  check(Number(await page.getAttribute("#findings-count", "data-shown")) >= 1, "a row for the searched resource");
  const row = page.locator("#findings-table .vrow", { hasText: expected.first_critical.code }).first();
  check((await row.count()) === 1, "a row shows the code");

  // Open the finding: evidence and remediation.
  await row.click();
  await page.waitForSelector("#detail:not([hidden])");
  const title = await page.textContent("#detail-title");
  check(title.includes(expected.first_critical.code) && title.includes(expected.first_critical.title_en), `detail title: ${title}`);
  check((await page.$("#detail .evidence")) !== null, "evidence shown");
  check(((await page.textContent("#detail .remediation")) || "").length > 10, "remediation shown");
  await page.screenshot({ path: `${shots}-finding.png` });

  // Per-resource view.
  await page.click("#detail a.res");
  await page.waitForFunction(() => document.querySelector("#detail-title").textContent.startsWith("arn:") || document.querySelector("#detail details"));
  check((await page.$$("#detail details")).length >= 1, "per-resource findings listed");

  // Switch language: UI, rule titles and the open panel in Japanese.
  await page.click("#lang-toggle");
  check((await page.textContent("#tab-findings")) === "検出結果", "Japanese tab label");
  await page.click("#detail-close");
  await page.selectOption("#filter-code", expected.first_critical.code);
  await page.locator("#findings-table .vrow").first().click();
  const titleJa = await page.textContent("#detail-title");
  check(titleJa.includes(expected.first_critical.title_ja), `Japanese detail title: ${titleJa}`);
  await page.screenshot({ path: `${shots}-ja.png` });

  // Other views render.
  for (const tab of ["trends", "assets", "risks", "soa"]) {
    await page.click(`#tab-${tab}`);
    check(await page.isVisible(`#view-${tab}`), `${tab} view visible`);
  }
  check((await page.$$("#soa-table tr")).length === 94, "SoA lists the 93 Annex A controls");
  check(Number((await page.textContent("#risks-count")).split(" / ")[0]) === expected.open_risks, "open risks listed");
  // A risk opens its finding.
  await page.click("#tab-risks");
  await page.locator("#risks-table .vrow").first().click();
  await page.waitForSelector("#detail:not([hidden])");
  check((await page.$("#detail .remediation")) !== null, "a risk row opens its finding");
  await page.screenshot({ path: `${shots}-soa.png`, fullPage: false });

  if (errors.length) throw new Error(errors.join("\n"));
  console.log(JSON.stringify({ ok: true, first_render_ms: firstRender }));
} finally {
  await browser.close();
}
