// Issue 9's bound: any 1 MB input checked in ≤ 2 s. One check each (CPU time, process.cpuUsage) of
// every sample and corpus report repeated to 1 MB, and of the shapes that were once superlinear (a
// long line of 占 clauses, long 其中 lists, wide and long tables, runs of spaces, nested quotes …).
//   node scripts/bench-large.mjs [--mb N] [--only NAME]
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// the engine as the CLI and the server bundle it (scripts/bundle.mjs: dist/engine.js)
const { createEngine } = require(join(root, 'dist', 'engine.js'));
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const SIZE = Number(arg('--mb') ?? 1) * 1_000_000;
const only = arg('--only');
const LIMIT_MS = 2000;

/** `unit` repeated to SIZE bytes of UTF-8. */
const fill = (unit, size = SIZE) => unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));
const HEAD = '---\n类型: 部门决算\n单位: 测试局\n年度: 2024\n---\n# 测试局2024年度部门决算\n\n';
const TXT_HEAD = '测试局2024年度部门决算\n\n';

const shapes = [
  ['占 clauses, one line', 'md', () => HEAD + fill('基本支出100.00万元，占总支出的10.00%，')],
  ['占 sentences', 'md', () => HEAD + fill('基本支出100.00万元，占总支出的10.00%。\n\n')],
  [
    'yoy sentences',
    'md',
    () => HEAD + fill('本年支出100.00万元，比上年增加10.00万元，增长11.11%，主要原因是人员增加。\n'),
  ],
  ['其中 list, one line', 'md', () => HEAD + fill('其中：工资福利支出1.00万元、商品和服务支出2.00万元、')],
  ['其中 list items', 'md', () => HEAD + fill('- 其中：工资福利支出1.00万元\n  - 商品和服务支出2.00万元\n')],
  [
    'pipe table rows',
    'md',
    () => HEAD + '|科目|合计|基本|项目|\n|-|-|-|-|\n' + fill('|2010101 行政运行|3.00|1.00|2.00|\n'),
  ],
  [
    'pipe table, wide',
    'md',
    () => HEAD + `|${'a|'.repeat(20000)}\n|${'-|'.repeat(20000)}\n` + `|${'1.00|'.repeat(20000)}\n`.repeat(8),
  ],
  ['pipe rows', 'txt', () => TXT_HEAD + '科目|合计|基本|项目\n' + fill('2010101 行政运行|3.00|1.00|2.00\n')],
  ['pipe columns', 'txt', () => TXT_HEAD + fill('1.00|', SIZE / 2) + '\n' + fill('2.00|', SIZE / 2)],
  ['layout table', 'txt', () => TXT_HEAD + fill('行政运行          3.00        1.00        2.00\n')],
  ['spaces', 'md', () => HEAD + fill('合计 1.00       万元       ')],
  ['nested quotes', 'md', () => HEAD + fill('> '.repeat(50) + '基本支出1.00万元\n')],
  ['inline marks', 'md', () => HEAD + fill('**合计**1.00万元 _a_ `b` [c](d) ')],
  ['open brackets', 'md', () => HEAD + fill('（（「“《')],
  ['digits', 'md', () => HEAD + fill('1234567890')],
  ['headings', 'md', () => HEAD + fill('## 一、收入支出决算总体情况说明\n')],
  ['YAML', 'yaml', () => fill('- a: [1, 2, {b: 3}]\n')],
];

const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);
const reports = [
  join(root, 'samples', 'changji-2024', 'report.md'),
  join(root, 'samples', 'shanghai-putuo-social-work-2024', 'report.md'),
];
if (corpus) for (const f of readdirSync(corpus).sort()) if (f.endsWith('.txt')) reports.push(join(corpus, f));
for (const f of reports) {
  const ext = f.endsWith('.txt') ? 'txt' : 'md';
  shapes.push([`${basename(f)} repeated`, ext, () => fill(readFileSync(f, 'utf8') + '\n\n')]);
}

console.log(`one check of each ${SIZE / 1e6} MB input (CPU ms; bound ${LIMIT_MS} ms)`);
let worst = 0;
for (const [name, ext, make] of shapes) {
  if (only && !name.includes(only)) continue;
  const text = make();
  const engine = createEngine({});
  const c0 = process.cpuUsage();
  const r = engine.check(text, { path: `large.${ext}` });
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  worst = Math.max(worst, ms);
  const mb = (Buffer.byteLength(text) / 1e6).toFixed(2);
  console.log(`${name.padEnd(52)} ${mb} MB ${ms.toFixed(0).padStart(7)} ms  ${r.findings.length} findings`);
}
console.log(`slowest: ${worst.toFixed(0)} ms CPU (bound ≤ ${LIMIT_MS} ms per 1 MB)`);
