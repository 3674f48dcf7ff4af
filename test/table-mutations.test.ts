/**
 * Mutations of the tables: cells inside a table, links between tables and between the text
 * and the tables, in the Markdown form (the Shanghai sample, tables inline) and the YAML form
 * (the seed's narrative with its tables.yaml). Each must be caught by the right rule at the
 * mutated cell or sentence, its fix applied (in the file it belongs to) and the pair re-checked
 * as clean as before, with nothing fixable left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, certainFixes, check, type Finding } from '../server/src/engine';
import { ROOT, mutateAt } from './helpers';

const PAIR_MD = join(ROOT, 'samples', 'changji-2024', 'report.md');
const PAIR_YAML = join(ROOT, 'samples', 'changji-2024', 'tables.yaml');
const SH_MD = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');

interface Mutation {
  name: string;
  file: 'sh' | 'md' | 'yaml';
  ctx: string;
  from: string;
  to: string;
  /** which occurrence of `from` inside ctx (default 0) */
  nth?: number;
  rule: string;
  where?: 'at' | 'related';
  restores?: boolean;
  /** which figure is wrong cannot be told from the text: caught, with no certain fix */
  noFix?: boolean;
}

const M: Mutation[] = [
  // cells inside a table (Markdown)
  {
    name: 'T3 合计 基本支出',
    file: 'sh',
    ctx: '|  | 合计 | 307.82 | 105.58 | 202.24 |  |  |  |\n',
    from: '105.58',
    to: '105.85',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T3 类 row total',
    file: 'sh',
    ctx: '| 201 | 一般公共服务支出 | 264.87 | 62.63 | 202.24 |  |  |  |\n',
    from: '264.87',
    to: '246.87',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T3 项 row',
    file: 'sh',
    ctx: '\n| 2013901 | 行政运行 | 51.32 | 51.32 |  |  |  |  |\n',
    from: '51.32',
    to: '15.32',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T2 合计 财政拨款收入',
    file: 'sh',
    ctx: '|  | 合计 | 307.82 | 307.82 |  |  |  |  |  |\n',
    from: '307.82',
    nth: 1,
    to: '370.82',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T2 类 row',
    file: 'sh',
    ctx: '| 210 | 卫生健康支出 | 2.71 | 2.71 |  |  |  |  |  |\n',
    from: '2.71',
    to: '2.17',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T5 项 住房公积金',
    file: 'sh',
    ctx: '| 2210201 | 住房公积金 | 17.70 | 17.70 |  |\n',
    from: '17.70',
    to: '17.07',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T5 款 住房改革支出',
    file: 'sh',
    ctx: '| 22102 | 住房改革支出 | 29.42 | 29.42 |  |\n',
    from: '29.42',
    to: '29.24',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T6 item 基本工资',
    file: 'sh',
    ctx: '| 30101 | 基本工资 | 14.12 |',
    from: '14.12',
    to: '14.21',
    rule: 'sum',
    where: 'related',
    noFix: true,
  },
  {
    name: 'T6 人员经费合计',
    file: 'sh',
    ctx: '| 人员经费合计 | 95.36 |',
    from: '95.36',
    to: '95.63',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T6 class 302',
    file: 'sh',
    ctx: '| 302 | 商品和服务支出 | 10.23 |',
    from: '10.23',
    to: '10.32',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T1 本年收入合计',
    file: 'sh',
    ctx: '| 本年收入合计 | 307.82 | 本年支出合计 | 307.82 |\n| 使用非财政拨款结余',
    from: '307.82',
    to: '370.82',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T1 本年支出合计',
    file: 'sh',
    ctx: '| 本年收入合计 | 307.82 | 本年支出合计 | 307.82 |\n| 使用非财政拨款结余',
    from: '307.82',
    nth: 1,
    to: '307.28',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T1 总计 (income)',
    file: 'sh',
    ctx: '| 总计 | 307.82 | 总计 | 307.82 |\n\n注：本表反映部门本年度的总收支',
    from: '307.82',
    to: '307.28',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T1 functional class',
    file: 'sh',
    ctx: '| 一、一般公共预算财政拨款收入 | 307.82 | 一、一般公共服务支出 | 264.87 |',
    from: '264.87',
    to: '246.87',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T4 income appropriation',
    file: 'sh',
    ctx: '| 一、一般公共预算财政拨款 | 307.82 | 一、一般公共服务支出 | 264.87 | 264.87 |  |  |',
    from: '307.82',
    to: '307.28',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T4 class 合计 column',
    file: 'sh',
    ctx: '| 一、一般公共预算财政拨款 | 307.82 | 一、一般公共服务支出 | 264.87 | 264.87 |  |  |',
    from: '264.87',
    to: '264.78',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T4 class general-budget column',
    file: 'sh',
    ctx: '| 一、一般公共预算财政拨款 | 307.82 | 一、一般公共服务支出 | 264.87 | 264.87 |  |  |',
    from: '264.87',
    nth: 1,
    to: '246.87',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T5 款 subtotal left blank',
    file: 'sh',
    ctx: '| 20139 | 社会工作事务 | 264.87 | 62.63 | 202.24 |\n',
    from: '264.87',
    to: '',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T3 class subtotal zero with children',
    file: 'sh',
    ctx: '| 208 | 社会保障和就业支出 | 10.82 | 10.82 |  |  |  |  |\n',
    from: '10.82',
    to: '0.00',
    rule: 'sum',
    restores: true,
  },
  // between tables (Markdown)
  {
    name: 'T5 合计 基本支出 vs T6 and T3',
    file: 'sh',
    ctx: '|  | 合计 | 307.82 | 105.58 | 202.24 |\n',
    from: '105.58',
    to: '105.85',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'T5 合计 vs T4',
    file: 'sh',
    ctx: '|  | 合计 | 307.82 | 105.58 | 202.24 |\n',
    from: '307.82',
    to: '307.28',
    rule: 'sum',
    restores: true,
  },
  // text against the tables (Markdown)
  {
    name: 'text 本年收入合计',
    file: 'sh',
    ctx: '本年收入合计307.82万元，其中',
    from: '307.82',
    to: '307.28',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 基本支出',
    file: 'sh',
    ctx: '基本支出105.58万元，占34.30%',
    from: '105.58',
    to: '105.85',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 类 amount',
    file: 'sh',
    ctx: '一般公共服务支出（类）264.87万元',
    from: '264.87',
    to: '246.87',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 住房保障支出 类',
    file: 'sh',
    ctx: '住房保障支出（类）29.42万元',
    from: '29.42',
    to: '29.24',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 项 支出决算',
    file: 'sh',
    ctx: '全年预算为52.00万元，支出决算为51.32万元',
    from: '51.32',
    to: '51.23',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 人员经费',
    file: 'sh',
    ctx: '人员经费95.36万元',
    from: '95.36',
    to: '95.63',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 公用经费',
    file: 'sh',
    ctx: '公用经费10.23万元',
    from: '10.23',
    to: '10.32',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'text 一般公共预算财政拨款支出',
    file: 'sh',
    ctx: '一般公共预算财政拨款支出307.82万元，占本年支出合计的',
    from: '307.82',
    to: '307.28',
    rule: 'repeated',
    restores: true,
  },
  // cells inside a table (YAML)
  {
    name: 'YAML T5 项 事业运行',
    file: 'yaml',
    ctx: '科目名称: 事业运行, 合计: 138.15',
    from: '138.15',
    to: '183.15',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'YAML T1 本年收入合计',
    file: 'yaml',
    ctx: '{ 项目: 本年收入合计, 决算数: 355.15 }',
    from: '355.15',
    to: '355.51',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'YAML T6 item 公务接待费',
    file: 'yaml',
    ctx: '科目名称: 公务接待费, 决算数: 0.16',
    from: '0.16',
    to: '0.61',
    rule: 'sum',
    where: 'related',
    noFix: true,
  },
  {
    name: 'YAML T6 人员经费合计',
    file: 'yaml',
    ctx: '科目名称: 人员经费合计, 决算数: 143.57',
    from: '143.57',
    to: '134.57',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'YAML T3 class row',
    file: 'yaml',
    ctx: '科目名称: 社会保障和就业支出, 本年支出合计: 27.83',
    from: '27.83',
    to: '28.73',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'YAML T8 empty table total',
    file: 'yaml',
    ctx: '名称: 政府性基金预算财政拨款收入支出决算表',
    from: '政府性基金预算财政拨款收入支出决算表',
    to: '政府性基金预算财政拨款收入支出决算表',
    rule: 'sum',
    where: 'related',
  },
  // between tables (YAML)
  {
    name: 'YAML T7 决算 公务接待费 vs text and T6',
    file: 'yaml',
    ctx: '项目: 决算数, 合计: 4.96, 因公出国（境）费: 0.00, 公务用车购置及运行维护费: 4.80, 公务用车购置费: 0.00, 公务用车运行维护费: 4.80, 公务接待费: 0.16',
    from: '公务接待费: 0.16',
    to: '公务接待费: 0.26',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'YAML T7 预算 合计',
    file: 'yaml',
    ctx: '项目: 预算数, 合计: 4.96',
    from: '4.96',
    to: '5.96',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'YAML T4 总计',
    file: 'yaml',
    ctx: '{ 项目: 总计, 决算数: 356.00 }',
    from: '356.00',
    to: '365.00',
    rule: 'repeated',
    restores: true,
  },
  {
    name: 'YAML T5 合计 vs T4',
    file: 'yaml',
    ctx: '{ 科目名称: 合计, 合计: 356.00',
    from: '356.00',
    to: '365.00',
    rule: 'sum',
    restores: true,
  },
  // text against the tables (the narrative beside its tables.yaml)
  {
    name: 'text 一般公共预算财政拨款支出 vs T5',
    file: 'md',
    ctx: '2024年度一般公共预算财政拨款支出356.00万元',
    from: '356.00',
    to: '365.00',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'text 其他收入 vs T1',
    file: 'md',
    ctx: '其他收入99.15万元',
    from: '99.15',
    to: '99.51',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'text 项 事业运行 vs T5',
    file: 'md',
    ctx: '支出决算数为138.15万元',
    from: '138.15',
    to: '183.15',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'text 公用经费 vs T6',
    file: 'md',
    ctx: '公用经费40.44万元，包括',
    from: '40.44',
    to: '44.40',
    rule: 'sum',
    restores: true,
  },
];

function load(): Record<'sh' | 'md' | 'yaml', string> {
  return { sh: readFileSync(SH_MD, 'utf8'), md: readFileSync(PAIR_MD, 'utf8'), yaml: readFileSync(PAIR_YAML, 'utf8') };
}

function runAll(files: Record<'sh' | 'md' | 'yaml', string>, which: 'sh' | 'pair') {
  if (which === 'sh') return check(files.sh, { path: SH_MD });
  return check(files.md, { path: PAIR_MD, readFile: (p) => (p === PAIR_YAML ? files.yaml : readFileSync(p, 'utf8')) });
}

function problems(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.path ?? ''}|${f.rule}|${f.severity}|${f.message}`);
}

function apply(
  files: Record<'sh' | 'md' | 'yaml', string>,
  which: 'sh' | 'pair',
  edits: Array<{ path?: string; span: { start: number; end: number }; newText: string; range: never }>,
) {
  const out = { ...files };
  if (which === 'sh') out.sh = applyEdits(files.sh, edits.filter((e) => !e.path) as never);
  else {
    out.md = applyEdits(files.md, edits.filter((e) => !e.path) as never);
    out.yaml = applyEdits(files.yaml, edits.filter((e) => e.path === PAIR_YAML) as never);
  }
  return out;
}

test('at least 40 distinct table mutations, in both forms', () => {
  assert.ok(M.length >= 40, `${M.length}`);
  assert.equal(new Set(M.map((m) => m.name)).size, M.length);
  assert.ok(M.some((m) => m.file === 'yaml') && M.some((m) => m.file === 'sh'));
});

for (const m of M) {
  if (m.name === 'YAML T8 empty table total') continue;
  test(`${m.file}: ${m.name} (${m.from} → ${m.to || 'blank'}) is caught by ${m.rule}`, () => {
    const original = load();
    const which = m.file === 'sh' ? 'sh' : 'pair';
    const baseRun = runAll(original, which);
    const base = problems(baseRun.findings);
    const baseFixes = certainFixes(baseRun.findings).length;
    const mu = mutateAt(original[m.file], m);
    const at = mu.at;
    const mutated = { ...original, [m.file]: mu.text };
    const r = runAll(mutated, which);
    const path = m.file === 'yaml' ? PAIR_YAML : undefined;
    const end = at + Math.max(m.to.length, 0);
    const hit = (s: { start: number; end: number }) =>
      m.to.length ? s.start < end && at < s.end : Math.abs(s.start - at) <= 1;
    const f = r.findings.find(
      (x) =>
        x.rule === m.rule &&
        x.severity === 'error' &&
        (((x.path ?? undefined) === path && hit(x.span)) ||
          (m.where === 'related' && x.related.some((y) => (y.path ?? undefined) === path && hit(y.span)))),
    );
    assert.ok(
      f,
      `not caught at the mutated place; findings:\n${r.findings
        .filter((x) => x.severity === 'error')
        .map((x) => `${x.path ?? ''} ${x.rule} ${x.message}`)
        .join('\n')}`,
    );
    if (m.noFix) {
      assert.equal(f!.fixes.filter((x) => x.certain).length, 0, 'no certain fix where the text cannot tell');
      return;
    }
    const fix = f!.fixes.find((x) => x.certain) ?? f!.fixes[0];
    assert.ok(fix, 'offers a fix');
    const fixed = apply(mutated, which, fix.edits as never);
    if (m.restores) assert.equal(fixed[m.file], original[m.file], 'the fix restores the original');
    const again = runAll(fixed, which);
    assert.deepEqual(problems(again.findings), base, 're-checked clean');
    // nothing fixable left beyond the report's own (real) slips
    assert.equal(certainFixes(again.findings).length, baseFixes, 'nothing fixable left');
  });
}

test('yaml: a figure in an empty table is caught', () => {
  const original = load();
  const yaml = original.yaml.replace(/(名称: 政府性基金预算财政拨款收入支出决算表[\s\S]*?支出合计: )0\.00/, '$11.00');
  assert.notEqual(yaml, original.yaml);
  const r = runAll({ ...original, yaml }, 'pair');
  assert.ok(r.findings.some((f) => f.rule === 'sum' && f.severity === 'error' && f.path === PAIR_YAML));
});

test('table-link: a 基本支出 line above its “三公” figure is a plausibility warning', () => {
  const original = load();
  const yaml = original.yaml.replace('科目名称: 公务接待费, 决算数: 0.16', '科目名称: 公务接待费, 决算数: 0.61');
  const r = runAll({ ...original, yaml }, 'pair');
  const w = r.findings.find((f) => f.rule === 'table-link');
  assert.ok(w, 'warned');
  assert.equal(w!.severity, 'warning');
  assert.equal(w!.path, PAIR_YAML);
  assert.equal(yaml.slice(w!.span.start, w!.span.end), '0.61');
  assert.match(w!.message, /30217/);
  assert.equal(runAll(original, 'pair').findings.filter((f) => f.rule === 'table-link').length, 0);
});

test('names: one code with two names across the tables, and a text item the tables do not have', () => {
  const original = load();
  const sh = original.sh.replace(
    '| 2013901 | 行政运行 | 51.32 | 51.32 |  |\n',
    '| 2013901 | 行政事务 | 51.32 | 51.32 |  |\n',
  );
  assert.notEqual(sh, original.sh);
  const r = runAll({ ...original, sh }, 'sh');
  const names = r.findings.filter((f) => f.rule === 'names');
  assert.ok(names.some((f) => sh.slice(f.span.start, f.span.end) === '行政事务' && /2013901/.test(f.message)));
  assert.ok(names.some((f) => /行政运行/.test(f.message) && /行政事务/.test(f.message)));
  assert.equal(runAll(original, 'sh').findings.filter((f) => f.rule === 'names').length, 0);
  assert.equal(runAll(original, 'pair').findings.filter((f) => f.rule === 'names').length, 0);
});

test('hover on a table cell shows the sums it takes part in and the text that repeats it', async () => {
  const { hoverAt } = await import('../server/src/engine');
  const original = load();
  const r = runAll(original, 'sh');
  const at = original.sh.indexOf('| 2210201 | 住房公积金 | 17.70 | 17.70 |  |\n') + '| 2210201 | 住房公积金 | '.length;
  const h = hoverAt(r, at + 1)!;
  assert.ok(h, 'hover');
  assert.match(h.markdown, /款 = Σ 项/);
  assert.match(h.markdown, /17\.70/);
  assert.match(h.markdown, /同一数字另见/);
});
