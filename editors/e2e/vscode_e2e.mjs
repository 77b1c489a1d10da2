// VS Code end to end: code-server (started by vscode_e2e.sh with the copydesk .vsix
// installed) in headless Chromium, driven by playwright-core.
//
// Usage: node vscode_e2e.mjs URL WORKSPACE_DIR SCREENSHOT_DIR
// Asserts: the Problems panel lists copydesk findings (rule ids and positions), a rule
// severity override from the settings shows, hovering a quotation shows its speaker, the
// status bar shows the draft's sourcing summary, and "Show Sources of This Draft" lists
// the sources (fed by the copydesk/sources request).

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, workspace, shotDir] = process.argv.slice(2);
if (!url || !workspace || !shotDir) {
  console.error("usage: node vscode_e2e.mjs URL WORKSPACE_DIR SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const results = [];
let failed = 0;

function log(msg) {
  console.log(`[vscode-e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
    log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    results.push(`FAIL ${name}: ${e.message}`);
    log(`FAIL ${name}: ${e.stack || e}`);
  }
}

/** Text as shown: Monaco renders spaces as no-break spaces. */
function flat(s) {
  return s.replace(/[\s\u00a0]+/g, " ");
}

async function waitFor(what, fn, timeoutMs = 60_000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

const profile = mkdtempSync(join(tmpdir(), "copydesk-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ],
});
context.setDefaultTimeout(60_000);
const page = context.pages()[0] ?? (await context.newPage());
page.on("pageerror", (e) => log(`page error: ${e.message}`));
const shot = join(shotDir, "vscode-e2e.png");

try {
  await check("workbench loads with the fixture workspace", async () => {
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: "domcontentloaded" });
    await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 120_000 });
    await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 120_000 });
  });

  await check("open the draft from the Explorer", async () => {
    const item = page.locator('.explorer-folders-view .monaco-list-row[aria-label^="harbor-ferry.md"]');
    await item.first().waitFor({ timeout: 60_000 });
    await item.first().dblclick();
    await page.locator(".editor-instance .view-lines").first().waitFor();
    await waitFor("the draft's text in the editor", async () =>
      flat(await page.locator(".editor-instance .view-lines").first().innerText()).includes("Gull Island"),
    );
  });

  // Problems panel rows: "message  copydesk(rule-id) [Ln l, Col c]".
  const expected = [
    { rule: "attribution-verb", line: 7, col: 26, severity: "warning" },
    { rule: "house-style-term", line: 7, col: 151, severity: "info" },
    // Default severity is error; the user settings override it to warning.
    { rule: "vague-anonymous-source", line: 9, col: 55, severity: "warning" },
    { rule: "unsourced-quote", line: 13, col: 1, severity: "error" },
  ];
  let rows = [];
  await check("Problems panel lists the copydesk findings with their positions", async () => {
    await page.keyboard.press("Control+Shift+M");
    const panel = page.locator(".markers-panel");
    await panel.first().waitFor({ timeout: 30_000 });
    rows = await waitFor(
      "copydesk findings in the Problems panel",
      async () => {
        const r = await panel.locator(".monaco-list-row").evaluateAll((els) =>
          els.map((e) => ({
            aria: e.getAttribute("aria-label") || "",
            text: e.innerText.replace(/[\s\u00a0]+/g, " "),
            icons: [...e.querySelectorAll(".codicon")].map((i) => i.className).join(" "),
          })),
        );
        const copydesk = r.filter((x) => /copydesk/.test(x.text));
        return copydesk.length >= expected.length ? copydesk : null;
      },
      90_000,
    );
    for (const row of rows) log(`  problem: ${row.text}  [${row.icons}]`);
    for (const e of expected) {
      // Newer VS Code shows "copydesk rule-id", older "copydesk(rule-id)".
      const row = rows.find((r) => new RegExp(`copydesk ?\\(?${e.rule}\\b`).test(r.text) && r.text.includes(`[Ln ${e.line}, Col ${e.col}]`));
      if (!row) throw new Error(`no Problems row for ${e.rule} at Ln ${e.line}, Col ${e.col}`);
      if (!row.icons.includes(`codicon-${e.severity}`) && !row.aria.toLowerCase().includes(e.severity)) {
        throw new Error(`${e.rule} should be shown as ${e.severity}: ${row.icons} / ${row.aria}`);
      }
    }
    const rules = rows.map((r) => /copydesk ?\(?([a-z-]+)/.exec(r.text)?.[1]).filter(Boolean);
    const extra = rules.filter((r) => !expected.some((e) => e.rule === r));
    if (extra.length) throw new Error(`unexpected findings: ${extra.join(", ")}`);
  });

  await check("hovering a quotation shows its speaker", async () => {
    // Put the mouse over the words of the first quotation (line 5).
    const line = page.locator(".editor-instance .view-lines .view-line", { hasText: /The[\s\u00a0]+ferry[\s\u00a0]+is[\s\u00a0]+the/ }).first();
    const hover = page.locator(".monaco-hover, .monaco-resizable-hover").filter({ hasText: "Speaker" });
    await waitFor(
      "a hover naming the speaker",
      async () => {
        // Measured each time: the code lens and inlay hints can move the line.
        const box = await line.boundingBox();
        if (!box) throw new Error("quotation line not rendered");
        await page.mouse.move(box.x + 5, box.y - 30);
        await page.mouse.move(box.x + 90, box.y + box.height / 2, { steps: 3 });
        await hover.first().waitFor({ state: "visible", timeout: 4_000 });
        return true;
      },
      60_000,
      500,
    );
    const text = flat(await hover.first().innerText());
    log(`  hover: ${text.slice(0, 200)}`);
    if (!/Speaker: Mara Lindqvist \(person\)/.test(text)) throw new Error(`hover does not name Mara Lindqvist: ${text}`);
    if (!/cue “said”/.test(text)) throw new Error(`hover does not give the cue: ${text}`);
    await page.screenshot({ path: shot });
    await page.mouse.move(5, 5);
  });

  await check("status bar shows the draft's sourcing summary", async () => {
    const item = page.locator(".statusbar-item", { hasText: /quotes[\s\u00a0]·[\s\u00a0]\d+[\s\u00a0]named/ });
    await item.first().waitFor({ timeout: 30_000 });
    const text = flat(await item.first().innerText()).trim();
    log(`  status bar: ${text}`);
    if (!text.includes("3 quotes · 3 named · 0 anon · 1 unsourced")) throw new Error(`status bar says: ${text}`);
  });

  await check("“Show Sources of This Draft” lists the sources from copydesk/sources", async () => {
    await page.locator(".editor-instance .view-lines").first().click();
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.first().waitFor();
    await input.first().fill(">copydesk: Show Sources");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Show Sources of This Draft" }).first().waitFor();
    await page.keyboard.press("Enter");
    const row = page.locator(".quick-input-list .monaco-list-row", { hasText: "Mara Lindqvist" });
    await row.first().waitFor({ timeout: 30_000 });
    const names = (await page.locator(".quick-input-list .monaco-list-row").allInnerTexts()).map(flat);
    log(`  sources: ${names.join(" | ")}`);
    if (!names.some((n) => n.includes("Tomas Hale"))) throw new Error("Tomas Hale missing from the sources list");
    if (!names.some((n) => n.includes("Bring a book"))) throw new Error("the unsourced quotation is missing");
    await page.screenshot({ path: join(shotDir, "vscode-e2e-sources.png") });
    await page.keyboard.press("Escape");
  });

  await check("“Check Workspace” reports the workspace's drafts", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.first().waitFor();
    await input.first().fill(">copydesk: Check Workspace");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Check Workspace" }).first().waitFor();
    await page.keyboard.press("Enter");
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: /copydesk checked/ });
    await toast.first().waitFor({ timeout: 30_000 });
    const text = flat(await toast.first().innerText());
    log(`  notification: ${text}`);
    if (!text.includes("copydesk checked 1 draft: 4 findings in 1.")) throw new Error(`notification says: ${text}`);
  });
} finally {
  if (failed > 0) {
    await page.screenshot({ path: join(shotDir, "vscode-e2e-failure.png") }).catch(() => {});
    log(`failure screenshot: ${join(shotDir, "vscode-e2e-failure.png")}`);
  }
  await context.close();
}

console.log(results.join("\n"));
console.log(`SCREENSHOT ${shot}`);
console.log(`vscode-e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
