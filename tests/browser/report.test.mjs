// Opens the HTML report in a real browser (Debian's Chromium, driven by playwright-core) and
// checks it works as a reader would use it: no console errors, the overview and the pairs
// table render, clicking a pair shows the side-by-side view with substitutions and the wording
// only one side holds highlighted, and a family graph draws. Run from the repository root
// after `cargo build --release`:
//   npm --prefix tests/browser test
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
const unspun = join(root, "target/release/unspun");
const seeds = resolve(root, "../shared/seeds");
const work = mkdtempSync(join(tmpdir(), "unspun-report-"));
let browser;

function report(corpus, name) {
  const file = join(work, name);
  execFileSync(unspun, ["scan", corpus, "--quiet", "-o", join(work, name + ".jsonl"), "--report", file]);
  return "file://" + file;
}

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

test("example corpus report: overview, table, a spun pair side by side, a family", async () => {
  const { page, errors } = await open(report(join(root, "examples/corpus"), "examples.html"));
  assert.match(await page.locator(".card").first().innerText(), /36\s+documents scanned/);
  assert.ok(await page.locator("#pairs-view tr.row").count() >= 20);
  await page.selectOption("#pairs-view select", "spun");
  const spunRows = page.locator("#pairs-view tr.row");
  assert.ok(await spunRows.count() >= 5);
  await spunRows.first().click();
  await page.waitForSelector("#pair-view");
  assert.ok(await page.locator("tr.aligned").count() >= 3, "aligned sentences on rows");
  const subA = page.locator("tr.aligned mark.sub-a"), subB = page.locator("tr.aligned mark.sub-b");
  assert.ok(await subA.count() >= 1 && await subB.count() >= 1, "substitutions are marked");
  assert.ok(await subA.first().isVisible() && await subB.first().isVisible(), "substitutions are visible");
  await page.screenshot({ path: join(work, "pair.png"), fullPage: false });
  await page.goto(page.url().replace(/#.*$/, "") + "#family/1");
  await page.waitForSelector(".family svg circle");
  assert.ok(await page.locator(".family svg circle").count() >= 2);
  assert.deepEqual(errors, []);
  if (process.env.SCREENSHOT) {
    await page.goto(page.url().replace(/#.*$/, "") + "#pairs");
    await page.selectOption("#pairs-view select", "spun");
    await page.locator("#pairs-view tr.row").first().click();
    await page.waitForSelector("#pair-view");
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
});

test("seed pair report: the spun pair shows its reworded sentences", { skip: !existsSync(seeds) && "no ../shared/seeds" }, async () => {
  const { page, errors } = await open(report(seeds, "seeds.html"));
  assert.match(await page.locator("#overview-view").innerText(), /Top sources\s+No family's original could be named/);
  await page.locator("#pairs-view tr.row").first().click();
  await page.waitForSelector("#pair-view");
  assert.match(await page.locator("#pair-view h2").innerText(), /spun/);
  assert.ok(await page.locator("tr.aligned").count() >= 14);
  assert.ok(await page.locator("tr.aligned mark.sub-b").first().isVisible());
  const alone = page.locator("tr.aligned mark.alone-b");
  assert.ok(await alone.count() >= 1 && await alone.first().isVisible(), "wording only one side holds is marked");
  assert.ok((await alone.allInnerTexts()).includes("Karoline Leavitt, a spokesperson for the Trump transition, said in a statement"));
  assert.ok(await page.locator("#pair-view .flag", { hasText: "altered quote" }).count() >= 1);
  assert.match(await page.locator("#pair-view").innerText(), /likely source: neither, both copy a common original/);
  assert.ok(await page.locator("details.bp").count() >= 2, "stripped boilerplate shown collapsed");
  assert.deepEqual(errors, []);
});
