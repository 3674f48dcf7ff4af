// The HTML report (`suanpan check --format html`) opened in headless Chromium: the page of the
// seed with one slip (占72.08% → 占75.08%) renders its counts and its 314 relation rows; with the
// "failing only" box ticked, one row is left visible. Screenshots in e2e/out/ (not committed).
// Needs /usr/bin/chromium (e2e/setup.sh installs it) and a build (npm run build).
//   node e2e/html-report.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const outDir = join(root, 'e2e', 'out');
mkdirSync(outDir, { recursive: true });
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
  if (!ok) failed++;
};
if (!existsSync(chromium)) {
  console.error(`html-report: no Chromium at ${chromium} (run e2e/setup.sh)`);
  process.exit(1);
}

const d = mkdtempSync(join(tmpdir(), 'suanpan-html-e2e-'));
const seed = join(root, 'samples', 'changji-2024');
writeFileSync(join(d, 'report.md'), readFileSync(join(seed, 'report.md'), 'utf8').replace('占72.08%', '占75.08%'));
copyFileSync(join(seed, 'tables.yaml'), join(d, 'tables.yaml'));
const page = join(d, 'report.html');
const cli = spawnSync(
  process.execPath,
  [join(root, 'out', 'server', 'src', 'cli', 'main.js'), 'check', join(d, 'report.md'), '--format', 'html', '-o', page],
  { encoding: 'utf8' },
);
check(cli.status === 1 && existsSync(page), `the CLI wrote the page (exit ${cli.status}) ${cli.stderr}`);

// what the page shows once Chromium has laid it out: the visible relation rows, written into the DOM
const probe =
  '<script>addEventListener("load",()=>{const rows=[...document.querySelectorAll("tr.rel")];' +
  'document.body.dataset.visible=rows.filter((r)=>r.getClientRects().length>0).length;' +
  'document.body.dataset.rows=rows.length;' +
  'document.body.dataset.counts=document.querySelector(".counts").textContent;});</script>';
const html = readFileSync(page, 'utf8');
const variants = {
  all: html.replace('</body>', `${probe}</body>`),
  failing: html.replace('id="only-failing">', 'id="only-failing" checked>').replace('</body>', `${probe}</body>`),
};
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1280,1400'];
for (const [name, text] of Object.entries(variants)) {
  const f = join(d, `${name}.html`);
  writeFileSync(f, text);
  const dom = spawnSync(chromium, [...flags, '--dump-dom', `file://${f}`], { encoding: 'utf8', timeout: 60_000 });
  const body = /<body([^>]*)>/.exec(dom.stdout ?? '')?.[1] ?? '';
  const get = (k) => new RegExp(`data-${k}="([^"]*)"`).exec(body)?.[1];
  check(get('rows') === '314', `${name}: 314 relation rows (${get('rows')})`);
  check(/核对关系 314 处.*成立 302.*尾差 7.*不成立 1/.test(get('counts') ?? ''), `${name}: counts ${get('counts')}`);
  const visible = name === 'all' ? '314' : '1';
  check(get('visible') === visible, `${name}: ${visible} visible (${get('visible')})`);
  const shot = join(outDir, `html-report-${name}.png`);
  spawnSync(chromium, [...flags, `--screenshot=${shot}`, `file://${f}`], { timeout: 60_000 });
  check(existsSync(shot), `${name}: screenshot ${shot}`);
}
console.log(`html-report: ${failed ? `${failed} failed` : 'all passed'}`);
process.exit(failed ? 1 : 0);
