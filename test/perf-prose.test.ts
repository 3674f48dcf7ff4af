/**
 * The 绩效自评表 against its own prose, and the figure it blames (issues 11 and 14), on the seed
 * (Markdown and the plain-text export): the 实际完成情况 text restating the table (perf-outcome),
 * a 自评表 caption's year in a Word export (year-consistency), and the funding amount at fault
 * (perf-funds: a source changed is blamed, not the 合计 the execution rate confirms; a total that
 * breaks its sum and its rate is blamed once, the rate and the 预算绩效 prose folded into it). Each
 * mutation is caught by the right rule at the changed figure with no other new finding; its fix,
 * with the certain fixes it leads to, leaves the report as clean as the original. Then: a report
 * in traditional characters throughout is read as the simplified one is, figures and findings at
 * the same places; a Markdown text that opens on its 目录 is a report when its body says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, certainFixes, type Finding } from '../server/src/engine';
import { hygiene } from '../server/src/engine/knowledge/hygiene';
import { forReading } from '../server/src/engine/read/traditional';
import { SEED_MD, SEED_TXT, problems, read, run, mutateAt } from './helpers';

interface Mutation {
  name: string;
  file: 'md' | 'txt';
  ctx: string;
  from: string;
  to: string;
  rule: string;
  /** The text the finding's range covers (the changed figure when 'here'). */
  at: 'here' | string;
  fix: 'restores' | 'none';
  /** Which occurrence of `from` in the context (0: the first). */
  nth?: number;
}

const M: Mutation[] = [
  {
    name: 'the executed amount restated in the unit table text',
    file: 'md',
    ctx: '全年执行数为455.15万元，总预算执行率',
    from: '455.15',
    to: '445.15',
    rule: 'perf-outcome',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'the execution rate restated in the text',
    file: 'md',
    ctx: '总预算执行率为100.00%',
    from: '100.00',
    to: '98.00',
    rule: 'perf-outcome',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'an indicator count restated in the text',
    file: 'md',
    ctx: '该项目实际完成：设备购置数量3台',
    from: '3台',
    to: '5台',
    rule: 'perf-outcome',
    at: '5',
    fix: 'restores',
  },
  {
    name: 'a unit table indicator restated in the text',
    file: 'md',
    ctx: '1.提高招商引资服务工作4次',
    from: '4次',
    to: '5次',
    rule: 'perf-outcome',
    at: '5',
    fix: 'restores',
  },
  {
    name: 'a payment that restates an indicator (reported once, not again as a sum of payments)',
    file: 'md',
    ctx: '劳务费支付22.4万元',
    from: '22.4',
    to: '32.4',
    rule: 'perf-outcome',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'payments that add up to more than the 全年执行数',
    file: 'md',
    ctx: '维修费支付15万元',
    from: '15',
    to: '25',
    rule: 'perf-outcome',
    at: '25万元，劳务费支付22.4万元，水电暖等保障运转经费支付34.6',
    fix: 'none',
  },
  {
    name: 'a source executed amount changed (blamed, not the 合计 the rate confirms)',
    file: 'md',
    ctx: '| 本级资金 | 232.31 | 356.00 | 356.00 |',
    from: '356.00 |',
    to: '365.00 |',
    rule: 'perf-funds',
    at: '365.00',
    fix: 'restores',
  },
  {
    name: 'a 其中 source executed amount changed (the only source that can take it)',
    file: 'md',
    ctx: '| 其中：当年财政拨款 | 10.44 | 10.44 | 10.44 |',
    from: '10.44 |',
    to: '10.54 |',
    rule: 'perf-funds',
    at: '10.54',
    fix: 'restores',
    nth: 2,
  },
  {
    name: 'a source full-year budget changed',
    file: 'md',
    ctx: '| 其他资金 | 110.00 | 88.71 | 88.71 |',
    from: '88.71 | 88.71',
    to: '87.71 | 88.71',
    rule: 'perf-funds',
    at: '87.71',
    fix: 'restores',
  },
  {
    name: 'a total executed amount changed (its sum, its rate and the prose: one finding)',
    file: 'md',
    ctx: '| 年度资金总额 | 72.00 | 72.00 | 72.00 |',
    from: '72.00 |',
    to: '27.00 |',
    rule: 'perf-funds',
    at: '27.00',
    fix: 'restores',
  },
  {
    name: 'a unit table total executed amount changed (its text and the prose agree with the sum)',
    file: 'md',
    ctx: '| 合计 | 342.31 | 455.15 | 455.15 |',
    from: '455.15 |',
    to: '445.15 |',
    rule: 'perf-funds',
    at: '445.15',
    fix: 'restores',
  },
  {
    name: 'the 自评表 caption year line of a Word export',
    file: 'txt',
    ctx: '\t项目支出绩效自评表\n\n\t(2024年度)\n\n\t项目名称\n\t土地征收',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'a payment restated wrongly, plain text',
    file: 'txt',
    ctx: '劳务费支付22.4万元',
    from: '22.4',
    to: '32.4',
    rule: 'perf-outcome',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'the execution rate restated in the text, plain text',
    file: 'txt',
    ctx: '总预算执行率为100.00%',
    from: '100.00',
    to: '99.00',
    rule: 'perf-outcome',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'a total executed amount changed, plain text',
    file: 'txt',
    ctx: '\t10.44\n\t10.44\n\t10.44\n\t10\n',
    from: '10.44\n\t10\n',
    to: '10.54\n\t10\n',
    rule: 'perf-funds',
    at: '10.54',
    fix: 'restores',
  },
  {
    name: 'a source executed amount changed, plain text',
    file: 'txt',
    ctx: '\t本级资金\n\t232.31\n\t356.00\n\t356.00\n',
    from: '356.00\n',
    to: '365.00\n',
    rule: 'perf-funds',
    at: '365.00',
    fix: 'restores',
    nth: 1,
  },
];

const key = (f: Finding) => `${f.rule}|${f.severity}|${f.message}`;

function caught(text: string, fs: Finding[], m: Mutation, at: number, end: number): Finding | undefined {
  return fs.find((f) => {
    if (f.rule !== m.rule || f.severity !== 'error') return false;
    if (m.at === 'here') return f.span.start < Math.max(end, at + 1) && at < f.span.end;
    return text.slice(f.span.start, f.span.end) === m.at && Math.abs(f.span.start - at) < 400;
  });
}

for (const m of M) {
  const path = m.file === 'md' ? SEED_MD : SEED_TXT;
  test(`${m.file}: ${m.name} is caught by ${m.rule}`, () => {
    const original = read(path);
    const base = problems(run(original, path)).map(key);
    const mu = mutateAt(original, m);
    const r = run(mu.text, path);
    const f = caught(mu.text, r.findings, m, mu.at, mu.end);
    const show = (x: Finding) => `${x.rule} ${JSON.stringify(mu.text.slice(x.span.start, x.span.end))} ${x.message}`;
    assert.ok(f, 'not caught; findings:\n' + r.findings.map(show).join('\n'));
    const extra = problems(r).filter((x) => x !== f && !base.includes(key(x)));
    assert.deepEqual(extra.map(show), [], 'a single report for a single slip');
    if (m.fix === 'none') return;
    const fix = f!.fixes.find((x) => x.certain) ?? f!.fixes[0];
    assert.ok(fix, 'the finding offers a fix');
    let fixed = applyEdits(mu.text, fix.edits);
    assert.equal(fixed, original, 'the fix restores the original text');
    const again = run(fixed, path);
    fixed = applyEdits(
      fixed,
      certainFixes(again.findings.filter((x) => !base.includes(key(x)))).flatMap((x) => x.edits),
    );
    assert.deepEqual(problems(run(fixed, path)).map(key), base, 're-checked clean');
  });
}

test('perf-funds: a source blamed among several is a suggestion naming the others; a lone one is certain', () => {
  const text = read(SEED_MD);
  const several = run(
    text.replace('| 本级资金 | 232.31 | 356.00 | 356.00 |', '| 本级资金 | 232.31 | 356.00 | 365.00 |'),
    SEED_MD,
  );
  const f = several.findings.find((x) => x.rule === 'perf-funds')!;
  assert.match(f.message, /本级资金 365\.00 应为 356\.00（也可能是 其他资金 99\.15）/);
  assert.deepEqual(
    f.fixes.map((x) => [x.certain, x.edits[0].newText]),
    [
      [false, '356.00'],
      [false, '90.15'],
    ],
  );
  const lone = run(
    text.replace('| 其中：当年财政拨款 | 10.44 | 10.44 | 10.44 |', '| 其中：当年财政拨款 | 10.44 | 10.44 | 10.54 |'),
    SEED_MD,
  );
  const g = lone.findings.find((x) => x.rule === 'perf-funds')!;
  assert.deepEqual(
    g.fixes.map((x) => [x.certain, x.edits[0].newText]),
    [[true, '10.44']],
  );
  // nothing singles out a figure (the 年初预算数 column has no rate): the total, as a suggestion
  const changed = text.replace('| 合计 | 342.31 |', '| 合计 | 352.31 |');
  const h = run(changed, SEED_MD).findings.find((x) => x.rule === 'perf-funds')!;
  assert.equal(changed.slice(h.span.start, h.span.end), '352.31');
  assert.equal(h.fixes[0].certain, false);
});

test('perf-outcome: the seed text restates its tables and is read in both forms alike', () => {
  for (const path of [SEED_MD, SEED_TXT]) {
    const r = run(read(path), path);
    const claims = r.perf.sheets.map((s) => (s.outcome ? s.outcome.claims.length : -1));
    // the unit table: 全年预算数, 全年执行数, 执行率 and 4 indicators; the projects: 1, 6 and 7 indicators
    assert.deepEqual(claims, [7, 1, 6, 7], path);
    assert.deepEqual(
      r.perf.sheets.map((s) => s.outcome!.payments.length),
      [0, 1, 2, 3],
    );
    assert.equal(r.findings.filter((f) => f.rule === 'perf-outcome').length, 0);
  }
});

/** The seed turned into traditional characters with the table's pairs (the reading gives it back). */
function traditional(text: string): string {
  const back = new Map<string, string>();
  for (const [trad, simp] of hygiene.traditional) if (!back.has(simp)) back.set(simp, trad);
  return [...text].map((c) => back.get(c) ?? c).join('');
}

test('a report in traditional characters throughout is read as the simplified one: figures and findings alike', () => {
  for (const path of [SEED_MD, SEED_TXT]) {
    const simp = read(path);
    const trad = traditional(simp);
    assert.notEqual(trad, simp);
    assert.equal(trad.length, simp.length);
    assert.equal(forReading(trad), simp, 'read back character for character');
    const a = run(simp, path);
    const b = run(trad, path);
    assert.ok(b.isReport, 'a report');
    assert.equal(b.extraction.facts.length, a.extraction.facts.length);
    assert.ok(b.extraction.facts.length > 100);
    assert.equal(b.perf.sheets.length, a.perf.sheets.length);
    const view = (r: typeof a) => r.findings.map((f) => `${f.rule} ${f.span.start}-${f.span.end}`);
    assert.deepEqual(view(b), view(a));
    // and a slip in the traditional text is found at its place in the original
    const i = trad.indexOf('72.08%');
    assert.ok(i > 0);
    const slip = trad.slice(0, i) + '75.08%' + trad.slice(i + 6);
    const f = run(slip, path).findings.find((x) => x.rule === 'share');
    assert.ok(f, 'the slip is found');
    assert.equal(slip.slice(f!.span.start, f!.span.end), '75.08');
  }
  // a simplified text is read as written (a few traditional characters are traditional-character's)
  const mixed = '# 2024年度部门决算\n\n一般公共预算财政拨款支出年初預算为452.40万元。\n';
  assert.equal(forReading(mixed), mixed);
});

test('a Markdown text that opens on its 目录 is a report when its body names itself one', () => {
  const body =
    '# 一、单位概况\n\n本单位2024年度部门决算。本年收入合计355.15万元，其中：财政拨款收入256.00万元，占75.08%。\n';
  const r = run(`目录\n\n一、单位概况\n二、收入支出决算总表\n\n${body}`, 'toc.md');
  assert.ok(r.isReport);
  assert.ok(r.findings.some((f) => f.rule === 'share'));
  assert.equal(run(`目录\n\n一、概况\n\n# 一、概况\n\n本年收入合计355.15万元。\n`, 'notes.md').isReport, false);
  assert.equal(run(`# 笔记\n\n本单位2024年度部门决算。\n`, 'notes.md').isReport, false);
});

test('perf-execution: the rate explained by a blamed total, a wrong score is still found', () => {
  const text = read(SEED_MD).replace(
    '| 年度资金总额 | 72.00 | 72.00 | 72.00 | 10 | 100.00% | 10.00 |',
    '| 年度资金总额 | 72.00 | 72.00 | 27.00 | 10 | 100.00% | 8.00 |',
  );
  const r = run(text, SEED_MD);
  const at = (rule: string) =>
    r.findings.filter((f) => f.rule === rule).map((f) => text.slice(f.span.start, f.span.end));
  assert.deepEqual(at('perf-funds'), ['27.00']);
  assert.deepEqual(at('perf-execution'), ['8.00']);
});
