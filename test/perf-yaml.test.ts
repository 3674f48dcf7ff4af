/**
 * The 绩效自评表 in YAML (docs/format.md, key 绩效自评表): the seed's four tables, written in
 * samples/changji-2024/tables.yaml, read into the same model as the Markdown ones (every cell
 * at its exact source range, decimals as written) and giving the same results; mutations of
 * the YAML form caught by the right perf-* rule at the right cell, fixed and re-checked clean;
 * what the reader cannot use reported at its place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyEdits, certainFixes, check, type Finding } from '../server/src/engine';
import { perfTablesOf, type PCell, type PerfTable } from '../server/src/engine/facts/perf-table';
import { PERF_YAML_KEYS } from '../server/src/engine/read/yaml';
import { ROOT, SEED_MD, mutateAt, perfView, problems, read, run } from './helpers';

const TABLES = join(ROOT, 'samples', 'changji-2024', 'tables.yaml');

/** Every cell of a table, in reading order, with what it is. */
function cells(t: PerfTable): Array<[string, PCell]> {
  const out: Array<[string, PCell]> = [['title', t.title]];
  if (t.name) out.push(['name', t.name]);
  for (const f of t.funding)
    for (const k of ['label', 'start', 'year', 'executed', 'weight', 'rate', 'score'] as const)
      if (f[k]) out.push([`funding.${k}`, f[k]!]);
  for (const r of t.indicators) {
    for (const k of [
      'level1',
      'level2',
      'level3',
      'weight',
      'target',
      'actual',
      'completion',
      'score',
      'reason',
      'rule',
    ] as const)
      if (r[k] && !r[k]!.inherited) out.push([k, r[k]!]);
  }
  if (t.total?.weight) out.push(['total.weight', t.total.weight]);
  if (t.total?.score) out.push(['total.score', t.total.score]);
  return out;
}

test(
  "the seed's four 绩效自评表 read from YAML as from Markdown: " +
    'weights 100 each, totals 100/100/100/90, no finding',
  () => {
    const yaml = read(TABLES);
    const ry = run(yaml, TABLES);
    assert.equal(ry.doc.format, 'yaml');
    assert.deepEqual(ry.doc.problems, []);
    const fromYaml = perfTablesOf(ry.doc);
    const rm = run(read(SEED_MD), SEED_MD);
    const fromMd = perfTablesOf(rm.doc);
    assert.equal(fromYaml.length, 4);
    assert.deepEqual(perfView(fromYaml), perfView(fromMd));
    assert.deepEqual(
      perfView(fromYaml).map((v) => [v.weights, v.scores]),
      [
        [100, 100],
        [100, 100],
        [100, 100],
        [100, 90],
      ],
    );
    assert.deepEqual(
      fromYaml.map((t) => t.total?.weight?.text),
      [undefined, '100', '100', '100'],
    );
    // 10.44 + 88.71 + 72.00 = 171.15, as the narrative says
    assert.equal(
      perfView(fromYaml)
        .slice(1)
        .reduce((a, x) => a + Math.round(Number(x.year) * 100), 0),
      17115,
    );
    // row for row the same cells: the indicator levels (inherited when omitted), targets, rates, scores
    for (let i = 0; i < 4; i++) {
      const strip = (t: PerfTable) =>
        t.indicators.map((r) => [
          r.level1?.text,
          r.level2?.text,
          r.level3?.text,
          r.weight?.text,
          r.target?.text,
          r.completion?.text,
          r.score?.text,
          !!r.reason?.text,
        ]);
      assert.deepEqual(strip(fromYaml[i]), strip(fromMd[i]), `table ${i + 1}`);
      assert.deepEqual(
        fromYaml[i].funding.map((f) => [f.label.text, f.start?.text, f.year?.text, f.executed?.text, f.total]),
        fromMd[i].funding.map((f) => [f.label.text, f.start?.text, f.year?.text, f.executed?.text, f.total]),
      );
    }
    // every cell is the source text at its range: 100.00% and 10.00 keep their decimals
    for (const t of fromYaml) {
      for (const [what, c] of cells(t)) {
        const at = yaml.slice(c.span.start, c.span.end);
        assert.ok(
          at === c.text || (at.includes('\n') && at.replace(/\s+/g, '') === c.text.replace(/\s+/g, '')),
          `${what}: ${JSON.stringify(c.text)} at ${JSON.stringify(at)}`,
        );
      }
    }
    const proj = fromYaml[1];
    assert.equal(proj.funding[0].rate!.text, '100.00%');
    assert.equal(proj.funding[0].score!.text, '10.00');
    assert.equal(proj.indicators[1].target!.text, '>=1次', 'a quoted value: the text inside the quotes');
    assert.equal(
      yaml.slice(proj.indicators[1].target!.span.start - 1, proj.indicators[1].target!.span.end + 1),
      '">=1次"',
    );
    // the 300% row scored 0 carries its reason, so no finding; the known malformed cell is kept
    assert.ok(fromYaml[3].indicators[0].reason!.text.startsWith('目标值：设备购置数量>=1台'));
    assert.ok(fromYaml[1].indicators.some((r) => r.actual?.text === '=2024年10月31日7'));
    assert.deepEqual(
      ry.findings.filter((f) => f.rule.startsWith('perf-')),
      [],
    );
    assert.deepEqual(
      rm.findings.filter((f) => f.rule.startsWith('perf-')),
      [],
    );
    // the narrative still reads its own tables (the linked file's are checked when it is)
    assert.equal(perfTablesOf(rm.doc).length, 4);
  },
);

interface Mutation {
  name: string;
  ctx: string;
  from: string;
  to: string;
  nth?: number;
  rule: string;
  severity?: 'error' | 'warning';
  /** The exact text the finding's range covers. */
  at: string;
  /**
   * restores: the fix gives back the original; clean: re-checks clean;
   * none: no fix can be right (the slip is undone by hand).
   */
  fix: 'restores' | 'clean' | 'none';
}

const M: Mutation[] = [
  {
    name: 'a score above its 分值',
    ctx: '三级指标: 维修（护）费, 分值: 7, 目标值: <=15万元, 实际值: =15万元, 完成率: 100%, 得分: 7,',
    from: '得分: 7',
    to: '得分: 9',
    rule: 'perf-score-range',
    at: '9',
    fix: 'restores',
  },
  {
    name: 'a wrong 总分',
    ctx: '总分: { 分值: 100, 得分: 90.00分 }',
    from: '90.00',
    to: '95.00',
    rule: 'perf-total',
    at: '95.00',
    fix: 'restores',
  },
  {
    name: 'a wrong 执行率',
    ctx: '资金来源: 年度资金总额, 年初预算数: 10.44, 全年预算数: 10.44, 全年执行数: 10.44, 分值: 10, 执行率: 100.00%',
    from: '100.00%',
    to: '90.00%',
    rule: 'perf-execution',
    at: '90.00',
    fix: 'restores',
  },
  {
    name: 'a wrong execution-rate score',
    ctx: '资金来源: 年度资金总额, 年初预算数: 72.00, 全年预算数: 72.00, 全年执行数: 72.00, 分值: 10, 执行率: 100.00%, 得分: 10.00 }',
    from: '得分: 10.00',
    to: '得分: 8.00',
    rule: 'perf-execution',
    at: '8.00',
    fix: 'restores',
  },
  {
    name: 'a missing 偏差原因 (the 300% row scored 0)',
    ctx: ', 偏差原因: 目标值：设备购置数量>=1台，业绩值：3台，完成率300%，偏差-200%，主要原因是为确保各项工作顺利开展，满足办公需要，购买了3台办公设备，购买了3台办公设备。 }',
    from: ', 偏差原因: 目标值：设备购置数量>=1台，业绩值：3台，完成率300%，偏差-200%，主要原因是为确保各项工作顺利开展，满足办公需要，购买了3台办公设备，购买了3台办公设备。',
    to: '',
    rule: 'perf-deviation',
    severity: 'warning',
    at: '0',
    fix: 'none',
  },
  {
    name: 'weights not adding up to 100',
    ctx: '三级指标: 劳务费, 分值: 7,',
    from: '分值: 7',
    to: '分值: 8',
    rule: 'perf-weights',
    at: '8',
    fix: 'restores',
  },
  {
    name: 'the stated total weight wrong',
    ctx: '总分: { 分值: 100, 得分: 90.00分 }',
    from: '分值: 100',
    to: '分值: 90',
    rule: 'perf-weights',
    at: '90',
    fix: 'restores',
  },
  {
    name: 'a malformed score cell',
    ctx: '三级指标: 办理土地面积（亩）, 分值: 10, 目标值: =8.97亩, 实际值: =8.97亩, 完成率: 100%, 得分: 10,',
    from: '得分: 10',
    to: '得分: 1O',
    rule: 'perf-cell',
    severity: 'warning',
    at: '1O',
    fix: 'none',
  },
  {
    name: 'a wrong completion rate',
    ctx: '完成率: 300%, 得分: 0,',
    from: '300%',
    to: '200%',
    rule: 'perf-completion',
    at: '200',
    fix: 'restores',
  },
  {
    name: 'a score that does not follow from 100% completion',
    ctx: '三级指标: 设备购置数量（台）, 分值: 10, 目标值: ">=3台", 实际值: =3台, 完成率: 100%, 得分: 10,',
    from: '得分: 10',
    to: '得分: 8',
    rule: 'perf-score',
    at: '8',
    fix: 'restores',
  },
  {
    name: 'a funding total that is not the sum of its sources',
    ctx: '资金来源: 合计, 年初预算数: 342.31,',
    from: '342.31',
    to: '352.31',
    rule: 'perf-funds',
    at: '352.31',
    fix: 'restores',
  },
  {
    name: 'a grade that does not match the total',
    ctx: '    项目名称: 土地征收咨询服务费项目\n',
    from: '    项目名称: 土地征收咨询服务费项目\n',
    to: '    项目名称: 土地征收咨询服务费项目\n    自评等级: 良\n',
    rule: 'perf-grade',
    at: '良',
    fix: 'clean',
  },
];

const key = (f: Finding) => `${f.rule}|${f.severity}|${f.message}`;

test('at least 6 distinct mutations of the YAML 自评表, covering the perf-* rules', () => {
  assert.ok(M.length >= 6);
  assert.equal(new Set(M.map((m) => m.name)).size, M.length);
  for (const r of ['perf-score-range', 'perf-total', 'perf-execution', 'perf-deviation', 'perf-weights', 'perf-cell'])
    assert.ok(
      M.some((m) => m.rule === r),
      r,
    );
});

for (const m of M) {
  test(`YAML 自评表: ${m.name} is caught by ${m.rule}`, () => {
    const original = read(TABLES);
    const base = problems(run(original, TABLES)).map(key);
    const mu = mutateAt(original, m);
    const r = run(mu.text, TABLES);
    const sev = m.severity ?? 'error';
    const f = r.findings.find(
      (x) =>
        x.rule === m.rule &&
        x.severity === sev &&
        mu.text.slice(x.span.start, x.span.end) === m.at &&
        Math.abs(x.span.start - mu.at) < 400,
    );
    assert.ok(
      f,
      'not caught; findings:\n' +
        r.findings
          .map((x) => `${x.rule} ${x.severity} ${JSON.stringify(mu.text.slice(x.span.start, x.span.end))} ${x.message}`)
          .join('\n'),
    );
    // its range is the cell's, in line/character terms too
    assert.deepEqual(f!.range, r.doc.lines.range(f!.span));
    const extra = problems(r).filter((x) => x !== f && !base.includes(key(x)));
    assert.deepEqual(
      extra.map((x) => `${x.rule} ${mu.text.slice(x.span.start, x.span.end)} ${x.message}`),
      [],
      'a single report for a single slip',
    );
    let fixed: string;
    if (m.fix === 'none') {
      assert.equal(certainFixes([f!]).length, 0, 'no certain fix for a slip only the author can undo');
      fixed = mu.text.slice(0, mu.at) + m.from + mu.text.slice(mu.end);
    } else {
      const fix = f!.fixes.find((x) => x.certain) ?? f!.fixes[0];
      assert.ok(fix, 'the finding offers a fix');
      fixed = applyEdits(mu.text, fix.edits);
      if (m.fix === 'restores') assert.equal(fixed, original, 'the fix restores the original text');
    }
    const again = run(fixed, TABLES);
    assert.deepEqual(problems(again).map(key), base, 're-checked clean');
    assert.equal(certainFixes(again.findings.filter((x) => !base.includes(key(x)))).length, 0, 'nothing fixable left');
  });
}

test('a YAML 自评表 the reader cannot use: the problem at its place, the other tables still read', () => {
  const head = '类型: 部门决算\n年度: 2024\n绩效自评表:\n';
  const good =
    '  - 名称: 项目支出绩效自评表(2024年度)\n    项目名称: 甲项目\n    资金:\n' +
    '      - { 资金来源: 年度资金总额, 年初预算数: 1.00, 全年预算数: 1.00, 全年执行数: 1.00, ' +
    '分值: 10, 执行率: 100.00%, 得分: 10.00 }\n' +
    '    指标:\n' +
    '      - { 一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 甲, ' +
    '分值: 90, 目标值: ">=1次", 实际值: =1次, 完成率: 100%, 得分: 90 }\n    总分: 100\n';
  const src =
    head +
    '  - 项目名称: 无名\n' +
    good.replace('三级指标: 甲,', '三级指标: 甲, 得份: 3,') +
    '  - 名称: x\n    资金: 3\n    备注: y\n';
  const r = check(src, { path: '/tmp/r.yaml' });
  const at = (f: Finding) => src.slice(f.span.start, f.span.end);
  const fm = r.findings.filter((f) => f.rule === 'front-matter');
  assert.deepEqual(fm.map(at), ['项目名称: 无名\n', '得份', '3', '备注'], fm.map((f) => f.message).join('\n'));
  assert.match(fm[0].message, /缺少「名称」/);
  assert.match(fm[1].message, /未知的列「得份」/);
  assert.equal(perfTablesOf(r.doc).length, 1, 'the good table is read');
  assert.equal(perfTablesOf(r.doc)[0].kind, 'project');
  assert.deepEqual(
    r.findings.filter((f) => f.rule.startsWith('perf-')),
    [],
  );
  // a total that does not add up is found in this small file too
  const wrong = check(head + good.replace('总分: 100', '总分: 99'), { path: '/tmp/r.yaml' });
  assert.deepEqual(
    wrong.findings.filter((f) => f.rule.startsWith('perf-')).map((f) => f.rule),
    ['perf-total'],
  );
});

test('the report schema names exactly the keys the YAML 自评表 reader knows', () => {
  const schema = JSON.parse(read(join(ROOT, 'schemas', 'report.schema.json')));
  const names = (d: string) => Object.keys(schema.definitions[d].properties).sort();
  assert.deepEqual(names('perfTable'), [...PERF_YAML_KEYS.table].sort());
  assert.deepEqual(names('perfFunding'), [...PERF_YAML_KEYS.funding].sort());
  assert.deepEqual(names('perfIndicator'), [...PERF_YAML_KEYS.indicator].sort());
  assert.ok(schema.properties['绩效自评表']);
});
