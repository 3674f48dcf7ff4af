/**
 * The 绩效自评表 as a stage: the tables and the reading of their cells computed once per check
 * (facts/perf-sheet.ts, ctx.perf), the perf-* rules judging only what the stage hands them, the
 * vocabulary read from server/data/perf.yaml (knowledge/perf.ts) and described by its schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import YAML from 'yaml';
import { EngineCaches } from '../server/src/engine/caches';
import { completionOf, measureOf, numOf } from '../server/src/engine/facts/perf-cells';
import { perfStageOf, type PerfStage } from '../server/src/engine/facts/perf-sheet';
import { perfTablesOf } from '../server/src/engine/facts/perf-table';
import { perfVocabulary } from '../server/src/engine/knowledge/perf';
import { piecesOf } from '../server/src/engine/read/pieces';
import { evaluateRelations } from '../server/src/engine/relations/evaluate';
import { RULES } from '../server/src/engine/rules';
import { reporter, type Ctx } from '../server/src/engine/rules/context';
import type { Finding } from '../server/src/engine/types';
import { ROOT, SEED_MD, read, run } from './helpers';

const PERF_RULES = RULES.filter((r) => r.id.startsWith('perf-'));

/** The perf-* findings of a check whose 自评表 stage is `perf`. */
function perfFindings(text: string, perf: (ctx: Omit<Ctx, 'perf'>) => PerfStage): Finding[] {
  const r = run(text, SEED_MD);
  const base = {
    doc: r.doc,
    docs: [r.doc],
    ex: r.extraction,
    net: r.network,
    relations: evaluateRelations(r.network),
    structure: r.structure,
    pieces: () => piecesOf(r.doc),
    cross: () => undefined,
    lang: 'zh-CN' as const,
    caches: new EngineCaches(),
    limits: { skipped: [], budgetMs: 10_000 },
  };
  const ctx: Ctx = { ...base, perf: perf(base) };
  const out: Finding[] = [];
  for (const rule of PERF_RULES) rule.check(ctx, reporter(ctx, rule, out));
  return out;
}

/** The seed with one score above its weight. */
const broken = () =>
  read(SEED_MD).replace(
    '| >=12次 | =12次 | 100% | 10 | 计划标准 | 12次 |',
    '| >=12次 | =12次 | 100% | 11 | 计划标准 | 12次 |',
  );

test('the stage reads the seed: four tables, each row with its numbers and its completion', () => {
  const r = run(read(SEED_MD), SEED_MD);
  const stage = perfStageOf(r.doc, r.structure?.analysis?.profile.performance);
  assert.equal(stage.sheets.length, 4);
  assert.equal(stage.summaries.length, 4);
  assert.deepEqual(
    stage.sheets.map((s) => s.table),
    perfTablesOf(r.doc),
  );
  for (const s of stage.sheets) {
    assert.ok(s.rows.length > 0, s.name);
    for (const row of s.rows) {
      const w = numOf(s.src, row.row.weight);
      assert.deepEqual(row.weight, typeof w === 'object' ? w : undefined);
      const target = measureOf(row.row.target);
      const actual = measureOf(row.row.actual);
      assert.deepEqual(row.computed, target && actual ? completionOf(target, actual) : undefined);
    }
  }
  assert.equal(stage.conventions.weightTotal, 100);
});

test('the perf-* rules judge the stage they are given, never reading the document again', () => {
  const text = broken();
  const real = perfFindings(text, (c) => perfStageOf(c.doc, c.structure?.analysis?.profile.performance));
  assert.ok(
    real.some((f) => f.rule === 'perf-score-range'),
    real.map((f) => f.message).join('\n'),
  );
  // the same document with an empty stage: nothing to judge
  const none = perfFindings(text, () => ({ conventions: perfVocabulary.defaults, sheets: [], summaries: [] }));
  assert.deepEqual(
    none.map((f) => f.rule),
    [],
  );
  // the stage of the unbroken seed: its findings, not the text's
  const clean = run(read(SEED_MD), SEED_MD);
  const seed = perfFindings(text, () => perfStageOf(clean.doc, clean.structure?.analysis?.profile.performance));
  assert.ok(!seed.some((f) => f.rule === 'perf-score-range'));
});

test('the stage keeps nothing between checks: the same document read twice gives equal, separate stages', () => {
  const r = run(read(SEED_MD), SEED_MD);
  const a = perfStageOf(r.doc, undefined);
  const b = perfStageOf(r.doc, undefined);
  assert.notEqual(a.sheets[0], b.sheets[0]);
  assert.deepEqual(a, b);
});

test('the vocabulary comes from perf.yaml: column words, comparison words, grades', () => {
  const data = YAML.parse(read(join(ROOT, 'server', 'data', 'perf.yaml')));
  for (const [op, words] of Object.entries(data.comparisons) as Array<[string, string[]]>) {
    for (const w of words) {
      assert.equal(perfVocabulary.comparisons[w], op, w);
      assert.equal(measureOf({ text: `${w}12次`, span: { start: 0, end: 0 } })?.op, op, w);
    }
  }
  assert.deepEqual(
    perfVocabulary.fundingColumns.map(([k]) => k),
    data.columns.funding.map((c: { column: string }) => c.column),
  );
  assert.deepEqual(
    perfVocabulary.indicatorColumns.map(([k]) => k),
    data.columns.indicators.map((c: { column: string }) => c.column),
  );
  assert.deepEqual(perfVocabulary.defaults.grades, data.defaults.grades);
  assert.ok(perfVocabulary.indicatorColumns.find(([k]) => k === 'target')![1].test('指标值'));
  assert.ok(perfVocabulary.fundingColumns.find(([k]) => k === 'weight')![1].test('权重'));
});

test('the schema of perf.yaml names exactly its keys', () => {
  const data = YAML.parse(read(join(ROOT, 'server', 'data', 'perf.yaml')));
  const schema = JSON.parse(read(join(ROOT, 'server', 'data', 'schemas', 'perf.schema.json')));
  assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(data).sort());
  assert.deepEqual([...schema.required].sort(), Object.keys(data).sort());
  for (const k of ['columns', 'rows', 'scoring', 'prose', 'defaults'])
    assert.deepEqual(Object.keys(schema.properties[k].properties).sort(), Object.keys(data[k]).sort(), k);
  const enumOf = (d: string) => schema.definitions[d].properties.column.enum as string[];
  for (const c of data.columns.funding) assert.ok(enumOf('fundingColumn').includes(c.column), c.column);
  for (const c of data.columns.indicators) assert.ok(enumOf('indicatorColumn').includes(c.column), c.column);
});
