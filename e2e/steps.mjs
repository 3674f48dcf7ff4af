// More of the real-VS-Code e2e (e2e/run.mjs runs these): the Get started walkthrough (it opens the
// bundled sample and shows a hover and a fix), "disable for this line" on a row of a Markdown table
// (the comment goes where the table still reads the same), and the web build in code-server's web
// worker extension host (the language server as a web worker: the seed's diagnostics and hover).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SEED, SEED_TABLES, injectedLine } from './workspace.mjs';

const MarkdownIt = createRequire(join(ROOT, 'package.json'))('markdown-it');

/** The seed with the 自评表's 本级资金 年初预算数 changed: its 合计 row (perf-funds) no longer adds up. */
export const TABLE_SLIP = ['| 本级资金 | 232.31 |', '| 本级资金 | 233.31 |'];

/**
 * Moves the mouse over the squiggle until a hover holding `text` shows (a few tries, a pixel or
 * two apart: the first move can land before the editor listens); the hover's locator.
 */
export async function hoverUntil(page, squiggle, text, fail) {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: text });
  for (let attempt = 0; attempt < 4; attempt++) {
    const box = await squiggle.first().boundingBox();
    if (!box) fail('the squiggle has no box');
    await page.mouse.move(box.x + 2 + attempt * 3, box.y + box.height / 2 - 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 2);
    try {
      await hover.first().waitFor({ timeout: 8000 });
      return hover;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  return hover;
}

export function tableReport() {
  if (!SEED.includes(TABLE_SLIP[0])) throw new Error(`the seed no longer holds ${TABLE_SLIP[0]}`);
  return SEED.replace(TABLE_SLIP[0], TABLE_SLIP[1]);
}

/** The tables of a Markdown text as GFM renders them (markdown-it, as VS Code's preview does). */
export function renderedTables(text) {
  const html = new MarkdownIt().render(text);
  return [...html.matchAll(/<table>[\s\S]*?<\/table>/g)].map((m) => m[0]);
}

async function palette(page, command, pick = command, timeout = 30_000) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(command);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: pick });
  try {
    await row.first().waitFor({ timeout });
  } catch (e) {
    await page.keyboard.press('Escape');
    throw e;
  }
  await row.first().click();
}

/** The walkthrough page's step `title`, opened, and its button `button` clicked. */
async function walkthroughStep(page, title, button) {
  const container = page.locator('.gettingStartedContainer');
  const tab = page.locator('.tabs-container .tab', { hasText: /Walkthrough|Welcome|Get started/i });
  if (!(await container.isVisible().catch(() => false))) await tab.first().click();
  await container.waitFor();
  const step = container.locator('.getting-started-step', { hasText: title });
  await step.first().click();
  const link = step.first().locator('.button-link, .monaco-button, a', { hasText: button });
  await link.first().waitFor();
  await link.first().click();
}

export async function walkthroughTest({ page, check, fail, shot }) {
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  const opened = await check('the walkthrough opens the bundled sample with its one error', async () => {
    await page.keyboard.press('Escape');
    // room for the walkthrough page: no panel below it
    await palette(page, 'Panel', /(Hide|Close) Panel/, 5000).catch(() => undefined);
    await palette(page, 'Welcome: Open Walkthrough', 'Open Walkthrough');
    const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Suanpan' });
    await entry.first().waitFor();
    await entry.first().click();
    await page.locator('.gettingStartedContainer', { hasText: 'Open the sample report' }).waitFor();
    await shot(page, '10-walkthrough');
    await walkthroughStep(page, 'Open the sample report', 'Open the sample');
    await page.locator('.tabs-container .tab.active', { hasText: 'report.md' }).waitFor({ timeout: 30_000 });
    // checked: the status bar counts its one error (the figure is further down, out of view)
    await page
      .locator('.statusbar-item', { hasText: /Suanpan\s+1\s+\d+/ })
      .first()
      .waitFor({ timeout: 60_000 });
  });
  await shot(page, '11-walkthrough-sample');
  if (!opened) return;
  await check('the walkthrough shows the hover on the wrong figure', async () => {
    await walkthroughStep(page, 'Hover the figure', 'Show the hover');
    await squiggle.first().waitFor({ timeout: 20_000 });
    const n = await squiggle.count();
    if (n !== 1) fail(`the sample shows ${n} error squiggles, not one`);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: '72.0822' });
    await hover.first().waitFor({ timeout: 20_000 });
    const text = await hover.first().innerText();
    if (!/256\.00 ÷ 355\.15 × 100% = 72\.08%(，写为|, written) 75\.08% ✗/.test(text))
      fail(`hover text: ${text.slice(0, 300)}`);
  });
  await shot(page, '12-walkthrough-hover');
  await check('the walkthrough shows the quick fix, which corrects the sample', async () => {
    await page.keyboard.press('Escape');
    await walkthroughStep(page, 'Apply the fix', 'Show the quick fix');
    const row = page.locator('.action-widget .monaco-list-row', { hasText: '72.08' });
    await row.first().waitFor({ timeout: 20_000 });
    await shot(page, '13-walkthrough-fix');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 8 && !(await focused.innerText().catch(() => '')).includes('72.08'); i++)
      await page.keyboard.press('ArrowDown');
    if (!(await focused.innerText()).includes('72.08')) fail('the fix is not in the menu');
    await page.keyboard.press('Enter');
    await squiggle.first().waitFor({ state: 'detached', timeout: 20_000 });
    const line = page.locator('.monaco-editor .view-line', { hasText: '占72.08%' });
    await line.first().waitFor({ timeout: 10_000 });
  });
  await shot(page, '14-walkthrough-fixed');
  // leave the sample as it was (reverted) and closed
  await palette(page, 'Revert and Close Editor', 'Revert and Close Editor', 5000).catch(() => undefined);
}

export async function disableRowTest({ page, check, fail, shot, dir }) {
  const path = join(dir, 'table.md');
  const before = tableReport();
  writeFileSync(path, before);
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  const row = before.split('\n').findIndex((l) => l.startsWith('| 合计 | 342.31 |')) + 1;
  const shown = await check('a table row that does not add up: one error squiggle on its 合计 row', async () => {
    // opened from the explorer: a walkthrough page left in front keeps the keyboard (Ctrl+P goes nowhere)
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'table.md' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'table.md' }).waitFor();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(`${row}:9`);
    await page.keyboard.press('Enter');
    await squiggle.first().waitFor({ timeout: 60_000 });
    const n = await squiggle.count();
    if (n !== 1) fail(`expected one error squiggle, saw ${n}`);
  });
  await shot(page, '15-table-row-error');
  if (!shown) return;
  await check('"disable for this line" in the table leaves the table intact', async () => {
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: /disable|禁用|停用/i });
    await item.first().waitFor({ timeout: 20_000 });
    await shot(page, '16-table-disable-menu');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    const isLine = async () =>
      /perf-funds/.test(await focused.innerText().catch(() => '')) &&
      /line|本行|此行/i.test(await focused.innerText().catch(() => ''));
    for (let i = 0; i < 12 && !(await isLine()); i++) await page.keyboard.press('ArrowDown');
    if (!(await isLine()))
      fail(`no "disable for this line" entry: ${await page.locator('.action-widget').innerText()}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 20_000;
    while (readFileSync(path, 'utf8') === before) {
      if (Date.now() > deadline) fail('the disable comment was not written to disk');
      await new Promise((r) => setTimeout(r, 200));
    }
    const after = readFileSync(path, 'utf8');
    const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
    if (added.length !== 1 || !/^<!-- suanpan-disable-row 「合计」 perf-funds -->$/.test(added[0]))
      fail(`the edit added: ${JSON.stringify(added)}`);
    // the table reads the same: rendered as GFM, every table is what it was
    const [t0, t1] = [renderedTables(before), renderedTables(after)];
    if (t0.length === 0 || JSON.stringify(t0) !== JSON.stringify(t1))
      fail(`the tables render differently after the edit (${t0.length} → ${t1.length} tables)`);
    // and the finding is gone: no error squiggle, the status bar counts none
    await squiggle.first().waitFor({ state: 'detached', timeout: 20_000 });
    await page
      .locator('.statusbar-item', { hasText: /Suanpan\s+0\s+\d+/ })
      .first()
      .waitFor({ timeout: 20_000 });
  });
  await shot(page, '17-table-disabled');
}

/** The web build: the extension without its Node entry, so code-server runs it in the web worker host. */
export function webOnlyCopy(extDir, target, cpSync) {
  cpSync(extDir, target, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error('the package has no "browser" entry');
  delete manifest.main;
  writeFileSync(join(target, 'package.json'), JSON.stringify(manifest, null, 2));
}

export async function webHostTest({ page, check, fail, shot, dir, port, workers }) {
  writeFileSync(join(dir, 'tables.yaml'), SEED_TABLES);
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  const opened = await check('web worker host: the workbench opens the folder', async () => {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dir)}`, { timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 90_000 });
  });
  if (!opened) return shot(page, '20-web-failed');
  const shown = await check(
    'web worker host: the seed with one slip shows its one error, checked in a web worker',
    async () => {
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type('report.md');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'report.md' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(String(injectedLine()));
      await page.keyboard.press('Enter');
      await squiggle.first().waitFor({ timeout: 90_000 });
      const n = await squiggle.count();
      if (n !== 1) fail(`expected one error squiggle, saw ${n}`);
      // the linked tables file was read (through the editor): no 数据 finding
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.locator('.monaco-list-row', { hasText: '75.08' }).first().waitFor();
      const text = (await panel.innerText()).replace(/\s+/g, ' ');
      if (/front-matter|tables\.yaml：找不到|not found/.test(text))
        fail(`the tables file was not read: ${text.slice(0, 400)}`);
    },
  );
  await shot(page, '21-web-squiggle');
  if (!shown) return;
  await check('web worker host: the hover shows the recomputed value', async () => {
    await hoverUntil(page, squiggle, '72.0822', fail);
  });
  await shot(page, '22-web-hover');
  await check('web worker host: it is the web client (the workspace check says it needs the desktop)', async () => {
    await page.keyboard.press('Escape');
    await palette(page, 'Suanpan: Check All Reports', 'Check All Reports');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'needs the desktop VS Code' });
    await toast.first().waitFor({ timeout: 20_000 });
    // the extension host that runs it is the browser's: the workbench started web workers for it
    if (!workers().some((u) => /^blob:/.test(u))) fail('no web worker was started');
  });
  await shot(page, '23-web-workspace-check');
}
