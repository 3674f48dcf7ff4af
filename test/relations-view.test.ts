/**
 * The relations view: every relation the check evaluated, grouped by section and table, with its
 * figures, formula, recomputed value and ✓ / 尾差 / ✗, as plain JSON. The seed report holds apart
 * from its rounding differences and two zero-base rates; a slip in it shows as a failing relation
 * at the figure the finding names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { createEngine } from '../server/src/engine';
import { SEED_MD, read } from './helpers';

const dir = dirname(SEED_MD);
const engine = createEngine({ workspace: { readFile: (p) => readFileSync(resolve(dir, p), 'utf8') } });

function viewOf(text: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const result = engine.check(text, { path: SEED_MD, lang });
  return { result, view: engine.relations(result, lang) };
}

test('seed: the counts, the kinds, the groups, and the view is plain JSON', () => {
  const { result, view } = viewOf(read(SEED_MD));
  assert.deepEqual(view.counts, { checked: 314, holding: 303, rounding: 7, failing: 0, undetermined: 4 });
  // every rounding difference the view shows is a 尾差 finding of the check, and the reverse (a
  // sum stated in the report and in its tables file is one finding, naming the other place)
  const rds = result.findings.filter((f) => f.rule === 'rounding-difference');
  const twins = rds.flatMap((f) => f.related.filter((r) => /中亦有此项$/.test(r.message)));
  assert.equal(twins.length, 2);
  assert.equal(view.counts.rounding, rds.length + twins.length);
  const all = view.groups.flatMap((g) => g.relations);
  assert.equal(all.length, view.counts.checked);
  const kinds = new Set(all.map((r) => r.kind));
  for (const k of [
    'sum',
    'share',
    'yoy',
    'budget',
    'repeated',
    'perf-rate',
    'perf-score',
    'perf-total',
    'perf-weights',
  ])
    assert.ok(kinds.has(k as never), `kind ${k} listed`);
  // each group's counts add up to the view's
  const sum = view.groups.reduce((a, g) => a + g.counts.checked, 0);
  assert.equal(sum, view.counts.checked);
  assert.deepEqual(structuredClone(view), JSON.parse(JSON.stringify(view)));
  // sections of the report and the tables of its linked file, in the order they appear
  const titles = view.groups.map((g) => g.section + (g.table ? ` · ${g.table}` : ''));
  assert.ok(titles.includes('（一）一般公共预算财政拨款支出决算总体情况'));
  assert.ok(titles.some((t) => t.startsWith('tables.yaml · 收入支出决算总表')));
  assert.ok(
    view.groups.some((g) => g.table === '土地征收咨询服务费项目'),
    '自评表 grouped by table',
  );
  // the two zero-base growth rates are not judged (the yoy warnings)
  const zero = all.filter((r) => r.kind === 'yoy' && r.status === 'undetermined');
  assert.equal(zero.length, 2);
  assert.equal(result.findings.filter((f) => f.rule === 'yoy').length, 2);
});

test('seed: a relation carries its figures, the formula with the numbers, the recomputed value', () => {
  const text = read(SEED_MD);
  const { view } = viewOf(text);
  const all = view.groups.flatMap((g) => g.relations);
  const share = all.find((r) => r.kind === 'share' && r.formula.startsWith('256.00 ÷ 355.15'))!;
  assert.ok(share, 'the 72.08% share is listed');
  assert.equal(share.status, 'holds');
  assert.equal(share.mark, '✓');
  assert.equal(share.recomputed, '72.0822%');
  const target = share.figures.find((f) => f.target)!;
  assert.equal(target.text, '72.08%');
  assert.equal(text.slice(target.span.start, target.span.end), '72.08');
  const lines = text.split('\n');
  assert.equal(lines[target.range.start.line].slice(target.range.start.character, target.range.end.character), '72.08');
  const rounding = all.find((r) => r.status === 'rounding' && r.formula.includes('= 356.01'))!;
  assert.equal(rounding.mark, '尾差');
  assert.match(rounding.interval!, /万元$/);
  // a figure of the linked tables file names its file
  assert.ok(all.some((r) => r.figures.some((f) => f.path?.endsWith('tables.yaml'))));
});

test('a slip in the seed fails its relation at the figure the finding names; messages follow lang', () => {
  const text = read(SEED_MD).replace('占72.08%', '占75.08%');
  const { result, view } = viewOf(text, 'en');
  assert.equal(view.counts.failing, 1);
  assert.equal(view.counts.checked, 314);
  const failing = view.groups.flatMap((g) => g.relations).filter((r) => r.status === 'fails');
  assert.equal(failing[0].mark, '✗');
  assert.equal(failing[0].title, 'share = part ÷ whole × 100%');
  const at = failing[0].figures.find((f) => f.target)!;
  const finding = result.findings.find((f) => f.rule === 'share')!;
  assert.deepEqual(at.span, finding.span);
  const group = view.groups.find((g) => g.relations.includes(failing[0]))!;
  assert.equal(group.counts.failing, 1);
});

test('a 自评表 score that does not follow fails its relation; the 总分 with it', () => {
  const text = read(SEED_MD);
  const { view: before } = viewOf(text);
  const perf = before.groups.find((g) => g.table === '土地征收咨询服务费项目')!;
  const total = perf.relations.find((r) => r.kind === 'perf-total')!;
  assert.equal(total.status, 'holds');
  const t = total.figures.find((f) => f.target)!;
  const mutated = text.slice(0, t.span.start) + '90' + text.slice(t.span.end);
  const { view } = viewOf(mutated);
  const after = view.groups.find((g) => g.table === '土地征收咨询服务费项目')!;
  assert.equal(after.relations.find((r) => r.kind === 'perf-total')!.status, 'fails');
  assert.equal(view.counts.failing, 1);
});

test('a 自评表 weight changed: the sum of the weights fails', () => {
  const text = read(SEED_MD);
  const { view: before } = viewOf(text);
  const perf = before.groups.find((g) => g.table === '土地征收咨询服务费项目')!;
  const weights = perf.relations.find((r) => r.kind === 'perf-weights')!;
  assert.equal(weights.status, 'holds');
  const w = weights.figures.find((f) => !f.target && f.text === '20')!;
  const mutated = text.slice(0, w.span.start) + '25' + text.slice(w.span.end);
  const { view } = viewOf(mutated);
  const after = view.groups.find((g) => g.table === '土地征收咨询服务费项目')!;
  const sum = after.relations.find((r) => r.kind === 'perf-weights')!;
  assert.equal(sum.status, 'fails');
  assert.match(sum.formula, /= 105 vs 100$/);
});
