/**
 * Mutations of the seed: each changes one figure or word as real slips do, must be caught by
 * the right rule at the right range (the mutated figure itself, or — where the relation alone
 * cannot tell which of its figures is wrong — among the finding's related figures), and its
 * fix, applied, must leave the report as clean as the original (re-checked; nothing fixable left).
 * Every mutation runs on the Markdown conversion and on the original plain-text export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, certainFixes, type Finding } from '../server/src/engine';
import { SEED_MD, SEED_TXT, problems, read, run, mutateAt } from './helpers';

interface Mutation {
  name: string;
  /** A unique piece of the seed's text around the change. */
  ctx: string;
  from: string;
  to: string;
  rule: string;
  /** Where the finding must point: at the mutated text, or with it among the related figures. */
  where?: 'at' | 'related';
  severity?: 'error' | 'warning';
  /** No fix can be certain (the text is ambiguous): caught only. */
  noFix?: boolean;
  /** The fix restores exactly the original text. */
  restores?: boolean;
}

const M: Mutation[] = [
  // shares
  { name: 'share of 财政拨款收入', ctx: '占72.08%', from: '72.08', to: '75.08', rule: 'share', restores: true },
  { name: 'share of 其他收入', ctx: '占27.92%', from: '27.92', to: '27.29', rule: 'share', restores: true },
  { name: 'share of 基本支出', ctx: '占40.43%', from: '40.43', to: '41.43', rule: 'share', restores: true },
  { name: 'share of 项目支出', ctx: '占59.57%', from: '59.57', to: '59.75', rule: 'share', restores: true },
  {
    name: 'share with a named denominator',
    ctx: '占本年支出合计的78.22%',
    from: '78.22',
    to: '72.22',
    rule: 'share',
    restores: true,
  },
  {
    name: 'share of a functional class',
    ctx: '310.15万元,占87.12%',
    from: '87.12',
    to: '87.21',
    rule: 'share',
    restores: true,
  },
  { name: 'share of 住房保障支出', ctx: '占2.93%', from: '2.93', to: '3.93', rule: 'share', restores: true },
  { name: 'share in a 其中 list of 三公', ctx: '占96.77%', from: '96.77', to: '97.77', rule: 'share', restores: true },
  { name: 'share of 公务接待费', ctx: '占3.23%', from: '3.23', to: '4.23', rule: 'share', restores: true },
  {
    name: 'share within rounding of small figures',
    ctx: '占3.23%',
    from: '3.23',
    to: '3.32',
    rule: 'rounding-difference',
    severity: 'info' as 'warning',
    noFix: true,
  },
  {
    name: 'share of a zero part',
    ctx: '因公出国（境）费支出0.00万元，占0.00%',
    from: '占0.00%',
    to: '占1.00%',
    rule: 'share',
    restores: true,
  },
  {
    name: 'share of procurement',
    ctx: '授予中小企业合同金额99.92万元，占政府采购支出总额的100.00%',
    from: '100.00%',
    to: '90.00%',
    rule: 'share',
    restores: true,
  },
  {
    name: 'truncated share',
    ctx: '占2.14%',
    from: '2.14',
    to: '2.13',
    rule: 'share',
    severity: 'warning',
    restores: true,
  },
  // year-over-year
  { name: 'rate of total change', ctx: '下降10.44%', from: '10.44', to: '11.44', rule: 'yoy', restores: true },
  { name: 'rate of fiscal change', ctx: '下降8.62%', from: '8.62', to: '8.26', rule: 'yoy', restores: true },
  { name: 'rate of general budget change', ctx: '增长22.94%', from: '22.94', to: '23.94', rule: 'yoy', restores: true },
  { name: 'rate of an item decrease', ctx: '下降42.99%', from: '42.99', to: '43.99', rule: 'yoy', restores: true },
  { name: 'rate of 事业运行', ctx: '增长10.62%', from: '10.62', to: '12.62', rule: 'yoy', restores: true },
  { name: 'rate of 职业年金', ctx: '增长85.49%', from: '85.49', to: '58.49', rule: 'yoy', restores: true },
  { name: 'rate of 公用经费', ctx: '增长116.37%', from: '116.37', to: '161.37', rule: 'yoy', restores: true },
  {
    name: 'rate of 三公 unchanged',
    ctx: '比上年增加0.00万元，增长0.00%，主要原因是：本单位“三公”经费',
    from: '增长0.00%',
    to: '增长5.00%',
    rule: 'yoy',
    restores: true,
  },
  { name: 'a delta', ctx: '减少54.30万元', from: '54.30', to: '45.30', rule: 'yoy', where: 'related' },
  {
    name: 'direction of the rate word',
    ctx: '减少53.04万元，下降10.44%',
    from: '下降10.44%',
    to: '增长10.44%',
    rule: 'yoy',
    restores: true,
  },
  {
    name: 'direction of the delta word',
    ctx: '增加13.26万元，增长10.62%',
    from: '增加13.26',
    to: '减少13.26',
    rule: 'yoy',
    restores: true,
  },
  {
    name: 'direction of a small rate',
    ctx: '增加0.09万元，增长0.87%',
    from: '增长0.87%',
    to: '下降0.87%',
    rule: 'yoy',
    restores: true,
  },
  // budget comparisons
  {
    name: 'variance rate',
    ctx: '与年初预算相比，年初预算数232.31万元，决算数356.00万元，预决算差异率53.24%',
    from: '53.24',
    to: '35.24',
    rule: 'budget',
    restores: true,
  },
  {
    name: 'budget figure',
    ctx: '与年初预算相比，年初预算数232.31万元',
    from: '232.31',
    to: '242.31',
    rule: 'budget',
    where: 'related',
  },
  {
    name: 'variance of 三公',
    ctx: '财政拨款“三公”经费支出全年预算数4.96万元，决算数4.96万元，预决算差异率0.00%',
    from: '差异率0.00%',
    to: '差异率10.00%',
    rule: 'budget',
    restores: true,
  },
  {
    name: 'budget of 公务用车运行维护费',
    ctx: '公务用车运行维护费全年预算数4.80万元',
    from: '4.80',
    to: '5.80',
    rule: 'budget',
    where: 'related',
  },
  // sums: totals and items
  { name: '本年收入合计', ctx: '本年收入合计355.15万元', from: '355.15', to: '365.15', rule: 'sum', restores: true },
  { name: '其他收入', ctx: '其他收入99.15万元', from: '99.15', to: '99.51', rule: 'sum', restores: true },
  {
    name: '基本支出 (all funds)',
    ctx: '基本支出184.00万元，占40.43%',
    from: '184.00',
    to: '194.00',
    rule: 'sum',
    restores: true,
  },
  { name: '项目支出', ctx: '项目支出271.15万元', from: '271.15', to: '217.15', rule: 'sum', restores: true },
  {
    name: '年初结转和结余',
    ctx: '年初结转和结余100.00万元。',
    from: '100.00',
    to: '110.00',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'a functional class',
    ctx: '一般公共服务支出(类)310.15万元',
    from: '310.15',
    to: '301.15',
    rule: 'sum',
    restores: true,
  },
  { name: 'an item (项)', ctx: '支出决算数为72.00万元', from: '72.00', to: '82.00', rule: 'sum', restores: true },
  { name: '人员经费', ctx: '人员经费143.57万元', from: '143.57', to: '153.57', rule: 'sum', where: 'related' },
  {
    name: '三公 total',
    ctx: '2024年度财政拨款“三公”经费支出4.96万元',
    from: '4.96',
    to: '5.96',
    rule: 'sum',
    restores: true,
  },
  {
    name: '公务用车购置及运行维护费',
    ctx: '公务用车购置及运行维护费支出4.80万元',
    from: '4.80',
    to: '4.08',
    rule: 'sum',
    restores: true,
  },
  { name: '公务接待费', ctx: '公务接待费支出0.16万元', from: '0.16', to: '0.61', rule: 'sum', restores: true },
  { name: '实有人数', ctx: '实有人数11人', from: '11', to: '12', rule: 'sum', restores: true },
  { name: 'vehicles', ctx: '车辆3辆，价值125.46万元', from: '3辆', to: '4辆', rule: 'repeated', restores: true },
  { name: 'vehicles in use', ctx: '其他用车3辆', from: '3辆', to: '2辆', rule: 'sum', where: 'related', noFix: true },
  {
    name: '财政拨款收入总计',
    ctx: '财政拨款收入总计356.00万元',
    from: '356.00',
    to: '365.00',
    rule: 'sum',
    restores: true,
  },
  {
    name: 'procurement goods',
    ctx: '政府采购货物支出55.51万元',
    from: '55.51',
    to: '55.15',
    rule: 'sum',
    where: 'related',
    noFix: true,
  },
  // repeated mentions
  {
    name: '本年收入 restated',
    ctx: '本年收入355.15万元，其中',
    from: '355.15',
    to: '355.51',
    rule: 'repeated',
    restores: true,
  },
  {
    name: '本年支出 restated',
    ctx: '本年支出455.15万元，其中',
    from: '455.15',
    to: '454.15',
    rule: 'repeated',
    restores: true,
  },
  {
    name: '公务接待费 restated',
    ctx: '公务接待费0.16万元，开支内容',
    from: '0.16',
    to: '0.18',
    rule: 'repeated',
    restores: true,
  },
  // malformed figures
  {
    name: 'missing %',
    ctx: '占72.08%',
    from: '72.08%',
    to: '72.08',
    rule: 'malformed',
    severity: 'warning',
    restores: true,
  },
  {
    name: 'missing unit',
    ctx: '其他收入99.15万元',
    from: '99.15万元',
    to: '99.15',
    rule: 'malformed',
    severity: 'warning',
    restores: true,
  },
  {
    name: 'unfilled alternative',
    ctx: '减少53.04万元，下降10.44%',
    from: '下降10.44%',
    to: '下降（增长）10.44%',
    rule: 'malformed',
    severity: 'warning',
    noFix: true,
  },
  {
    name: 'placeholder',
    ctx: '上级补助收入0.00万元',
    from: '0.00万元',
    to: 'XX万元',
    rule: 'malformed',
    severity: 'warning',
    noFix: true,
  },
  {
    name: 'two decimal points',
    ctx: '事业收入0.00万元',
    from: '0.00',
    to: '0.0.0',
    rule: 'malformed',
    severity: 'warning',
    noFix: true,
  },
];

function mutate(text: string, m: Mutation): { text: string; at: number; end: number } {
  return mutateAt(text, m);
}

function baseline(text: string, path: string): string[] {
  return problems(run(text, path)).map((f) => `${f.rule}|${f.severity}|${f.message}`);
}

function caught(findings: Finding[], m: Mutation, at: number, end: number): Finding | undefined {
  const overlaps = (s: { start: number; end: number }) => s.start < end && at < s.end;
  const sev = m.severity ?? 'error';
  return findings.find(
    (f) =>
      f.rule === m.rule &&
      f.severity === sev &&
      (overlaps(f.span) || (m.where === 'related' && f.related.some((r) => overlaps(r.span)))),
  );
}

for (const [kind, path] of [
  ['md', SEED_MD],
  ['txt', SEED_TXT],
] as const) {
  test(`${kind}: at least 40 distinct mutations`, () => {
    assert.ok(M.length >= 40);
    assert.equal(new Set(M.map((m) => m.name)).size, M.length);
  });
  for (const m of M) {
    test(`${kind}: ${m.name} (${m.from} → ${m.to}) is caught by ${m.rule}`, () => {
      const original = read(path);
      const base = baseline(original, path);
      const mu = mutate(original, m);
      const r = run(mu.text, path);
      const f = caught(r.findings, m, mu.at, mu.end);
      assert.ok(
        f,
        'not caught; findings:\n' +
          r.findings
            .map((x) => `${x.rule} ${x.severity} ${mu.text.slice(x.span.start, x.span.end)} ${x.message}`)
            .join('\n'),
      );
      assert.ok(f!.message.length > 0 && f!.range.start.line >= 0);
      if (m.severity !== 'warning' && m.rule !== 'malformed') assert.ok(f!.formula, 'the finding shows its formula');
      if (m.noFix) return;
      // apply the finding's fix (the certain one if any), then every certain fix left
      const fix = f!.fixes.find((x) => x.certain) ?? f!.fixes[0];
      assert.ok(fix, 'the finding offers a fix');
      let fixed = applyEdits(mu.text, fix.edits);
      if (m.restores) assert.equal(fixed, original, 'the fix restores the original text');
      let again = run(fixed, path);
      for (let i = 0; i < 3 && certainFixes(again.findings).length; i++) {
        fixed = applyEdits(
          fixed,
          certainFixes(again.findings).flatMap((x) => x.edits),
        );
        again = run(fixed, path);
      }
      assert.deepEqual(
        problems(again).map((x) => `${x.rule}|${x.severity}|${x.message}`),
        base,
        're-checked clean',
      );
      assert.equal(certainFixes(again.findings).length, 0, 'nothing fixable left');
    });
  }
}
