/**
 * Incremental checks (issue 12): an engine that keeps Markdown chunks (read/markdown-chunks.ts),
 * the facts of blocks (facts/block-cache.ts), the evaluations of relations (relations/evaluate.ts),
 * the readings of 自评表 (facts/perf-sheet.ts) and the findings of scoped rules per block and 自评表
 * (rules/runner.ts) between checks gives, after any sequence of edits, the
 * same result as a fresh engine's full check of the final text: the same findings with the same
 * ranges, messages and fixes, the same figures, relations and document model. Random edit sequences
 * on the seed (with its tables file), the other sample and the corpus reports (read as they are, and
 * as Markdown so that their paragraphs go through the caches).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { createEngine, type CheckOptions, type CheckResult, type Engine } from '../server/src/engine';
import { readMarkdown } from '../server/src/engine/read/markdown';
import { ChunkCache } from '../server/src/engine/read/markdown-chunks';
import { RULE_BY_ID } from '../server/src/engine/rules';
import type { Span } from '../server/src/engine/types';
import { CORPUS, ROOT, SEED_MD, read } from './helpers';

const TABLES_PATH = join(ROOT, 'samples', 'changji-2024', 'tables.yaml');
const TABLES = read(TABLES_PATH);
const readFile = (p: string) => (p === TABLES_PATH ? TABLES : undefined);

/** Pieces an edit inserts: figures, units, punctuation, block breaks, headings, a table. */
const PIECES = [
  '1',
  '0',
  '.',
  '5.00',
  '万元',
  '%',
  '占',
  '增加',
  '下降',
  '其中：',
  '。',
  '，',
  '\n',
  '\n\n',
  '\n\n## 一、',
  '\n\n### （二）基本支出\n\n',
  '\n\n| 项目 | 金额 |\n| --- | --- |\n| 合计 | 1.00 |\n\n',
  '\n\n单位：元\n\n',
  '<!-- suanpan-disable-next-line -->\n',
  // what keeps a Markdown chunk open across a heading (read/markdown-chunks.ts)
  '\n\n```\n',
  '\n<!--\n',
  '-->',
  '\n\n<div>\n',
  '\n\n#\n\n',
  '\n# ',
  '#',
  '> ',
  '- ',
  '    ',
  '（类）',
  '一般公共服务支出',
  '本年收入合计',
];

type Edit =
  { kind: 'insert'; at: number; del: number; piece: number } | { kind: 'copy'; from: number; len: number; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.nat(4),
    piece: fc.nat(PIECES.length - 1),
  }),
  // a run of text copied elsewhere: the same blocks at other places and under other sections
  fc.record({
    kind: fc.constant('copy' as const),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    len: fc.integer({ min: 1, max: 600 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === 'insert') return text.slice(0, at) + PIECES[e.piece] + text.slice(Math.min(text.length, at + e.del));
  const from = Math.floor(e.from * text.length);
  return text.slice(0, at) + text.slice(from, from + e.len) + text.slice(at);
}

/**
 * A result as plain data. Fact ids are unique in the process (a fresh engine's differ), so the
 * ids inside relation ids (data.constraint) are replaced by their rank among the result's facts.
 */
function view(r: CheckResult) {
  const rank = new Map([...r.extraction.facts].sort((a, b) => a.id - b.id).map((f, i) => [String(f.id), i]));
  const ids = (v: unknown) =>
    typeof v === 'string' ? v.replace(/(?<=^|[:=+,])\d+(?=$|[:=+,])/g, (d) => `#${rank.get(d) ?? `?${d}`}`) : v;
  return {
    findings: r.findings.map((f) =>
      f.data && 'constraint' in f.data ? { ...f, data: { ...f.data, constraint: ids(f.data.constraint) } } : f,
    ),
    facts: r.extraction.facts.map((f) => ({
      kind: f.kind,
      concept: f.concept,
      role: f.role,
      span: f.span,
      fullSpan: f.fullSpan,
      value: f.written.value.toString(),
      section: f.section.title,
      path: f.doc?.path,
      rank: rank.get(String(f.id)),
    })),
    sections: r.doc.sections.map((s) => [s.id, s.level, s.title, s.titleSpan, s.span, s.scope, s.parent?.id]),
    blocks: r.doc.blocks.map((b) => [
      b.kind,
      b.span,
      b.kind === 'comment' ? b.text : 'section' in b ? b.section.id : 0,
    ]),
    relations: [...r.relations.evals].map(([c, e]) => [ids(c.id), e.status, e.formula.en]),
  };
}

/** The incremental engine's result against an engine that keeps nothing between or within checks. */
function sameAsFresh(
  engine: Engine,
  text: string,
  options: CheckOptions,
  step: string,
  fresh0 = createEngine({ incremental: false }),
): void {
  const incremental = view(engine.check(text, options));
  const fresh = view(fresh0.check(text, options));
  assert.deepStrictEqual(incremental, fresh, step);
}

/**
 * Random edit sequences: after each edit, the incremental engine's result is a fresh full check's.
 * `place` maps an edit's place (a fraction of the text) to where it goes (anywhere by default).
 */
function property(
  text: string,
  options: CheckOptions,
  runs: number,
  seed = 12,
  place = (_t: string, at: number) => at,
): void {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
      const engine = createEngine();
      let t = text;
      engine.check(t, options);
      edits.forEach((e, i) => {
        t = apply(t, { ...e, at: place(t, e.at) });
        sameAsFresh(engine, t, options, `edit ${i + 1} of ${JSON.stringify(edits)}`);
      });
    }),
    { numRuns: runs, seed },
  );
}

test('incremental checks of the seed with its tables file equal a fresh full check after random edits', () => {
  property(read(SEED_MD), { path: join(ROOT, 'samples', 'changji-2024', 'report.md'), readFile }, 20);
});

test('incremental checks of the other sample equal a fresh full check after random edits', () => {
  const path = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');
  property(read(path), { path }, 8);
});

test('incremental checks of corpus reports (as text and as Markdown) equal a fresh full check', () => {
  for (const name of ['shanghai-putuo-planning-2024-final', 'shanghai-putuo-wanli-2025-budget']) {
    const text = read(join(CORPUS, `${name}.txt`));
    property(text, { path: `/corpus/${name}.txt` }, 2);
    property(text, { path: `/corpus/${name}.md` }, 4);
  }
});

test('a block moved by an edit before it keeps its figures at their new place (the cache is used)', () => {
  const engine = createEngine();
  const path = join(ROOT, 'samples', 'changji-2024', 'report.md');
  const seed = read(SEED_MD);
  const first = engine.check(seed, { path, readFile });
  const at = seed.indexOf('## 第二部分');
  const moved = seed.slice(0, at) + '补充说明。\n\n' + seed.slice(at);
  const second = engine.check(moved, { path, readFile });
  const shift = '补充说明。\n\n'.length;
  const before = first.extraction.facts.filter((f) => !f.doc?.path?.endsWith('.yaml') && f.span.start > at);
  const after = second.extraction.facts.filter((f) => !f.doc?.path?.endsWith('.yaml') && f.span.start > at);
  assert.ok(before.length > 50);
  assert.deepStrictEqual(
    after.map((f) => [f.span.start - shift, f.span.end - shift, f.written.value.toString()]),
    before.map((f) => [f.span.start, f.span.end, f.written.value.toString()]),
  );
  // the moved figures are new objects of the new check, in its blocks
  for (const f of after) {
    assert.ok(!before.includes(f));
    if (f.paragraph) assert.ok(second.doc.blocks.includes(f.paragraph));
    assert.ok(second.doc.sections.includes(f.section));
  }
  sameAsFresh(engine, moved, { path, readFile }, 'moved');
});

/**
 * Edits placed where the kept findings of scoped rules (rules/runner.ts) are: inside the 自评表
 * (perf-sheet), inside the other tables and at the headings (block). `regions` gives, for a text,
 * the spans edits go into; an edit's place is a fraction of their total length.
 */
function propertyWithin(text: string, options: CheckOptions, regions: (t: string) => Span[], runs: number): void {
  const place = (t: string, at: number): number => {
    const rs = regions(t);
    const total = rs.reduce((n, r) => n + r.end - r.start, 0);
    let x = Math.floor(at * total);
    for (const r of rs) {
      if (x < r.end - r.start) return (r.start + x) / Math.max(1, t.length);
      x -= r.end - r.start;
    }
    return at;
  };
  property(text, options, runs, 21, place);
}

/** The spans of the lines of a text that pass a test. */
function linesWhere(t: string, keep: (line: string) => boolean): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const line of t.split('\n')) {
    if (keep(line)) out.push({ start: at, end: at + line.length + 1 });
    at += line.length + 1;
  }
  return out;
}

/** From the first 绩效自评表 caption or heading to the end of the text. */
function perfPart(t: string): Span[] {
  const at = t.search(/\n(?:#+ |\t)[^\n。]{0,30}绩效自评表[^\n。]{0,12}\n/);
  return at < 0 ? [] : [{ start: at, end: t.length }];
}

test('incremental checks equal a fresh full check after edits in the 自评表, the other tables and the headings', () => {
  const path = join(ROOT, 'samples', 'changji-2024', 'report.md');
  // findings in many units (wrong totals, a stray character after amounts, placeholders in the
  // headings), so that edits move kept findings
  const seed = read(SEED_MD)
    .replaceAll('100.00分', '99.00分')
    .replaceAll('万元。', '万元元。')
    .replaceAll('## ', '## XX局');
  const options = { path, readFile };
  const first = createEngine().check(seed, options);
  assert.ok(perfPart(seed).length && first.perf.sheets.length >= 4);
  for (const rule of ['perf-total', 'stray-character', 'template-leftover'])
    assert.ok(
      first.findings.some((f) => f.rule === rule),
      rule,
    );
  propertyWithin(seed, options, perfPart, 20);
  propertyWithin(seed, options, (t) => linesWhere(t, (l) => l.startsWith('|')), 10);
  propertyWithin(seed, options, (t) => linesWhere(t, (l) => l.startsWith('#')), 10);
  // a Word export's 自评表 (one cell a line), as text and as Markdown
  const name = 'changji-liaison-office-2024-final';
  const text = read(join(CORPUS, `${name}.txt`));
  assert.ok(createEngine().check(text, { path: `/corpus/${name}.txt` }).perf.sheets.length >= 2);
  propertyWithin(text, { path: `/corpus/${name}.txt` }, perfPart, 4);
  propertyWithin(text, { path: `/corpus/${name}.md` }, perfPart, 4);
});

test('an edit outside a 自评表 or a block does not check it again (its findings are kept)', () => {
  const engine = createEngine();
  const path = join(ROOT, 'samples', 'changji-2024', 'report.md');
  const seed = read(SEED_MD);
  // a wrong total in a 自评表: perf-total reports it, before and after the edit
  const total = seed.indexOf('| 总分 |');
  const row = seed.slice(total, seed.indexOf('\n', total));
  const mutated = seed.replace(row, row.replace('100.00分', '99.00分'));
  assert.notEqual(mutated, seed);
  const perfTotal = RULE_BY_ID.get('perf-total')!;
  const stray = RULE_BY_ID.get('stray-character')!;
  const counts = { sheets: 0, blocks: 0 };
  const [sheetCheck, blockCheck] = [perfTotal.unit!.check, stray.unit!.check];
  perfTotal.unit!.check = (...a) => (counts.sheets++, sheetCheck(...a));
  stray.unit!.check = (...a) => (counts.blocks++, blockCheck(...a));
  try {
    const first = engine.check(mutated, { path, readFile });
    const sheets = first.perf.sheets.length;
    assert.equal(counts.sheets, sheets);
    assert.ok(first.findings.some((f) => f.rule === 'perf-total'));
    counts.sheets = counts.blocks = 0;
    const at = mutated.indexOf('## 第二部分');
    const edited = mutated.slice(0, at) + '补充说明。\n\n' + mutated.slice(at);
    const second = engine.check(edited, { path, readFile });
    // only the new paragraph is checked by the block rule, no 自评表 by the 自评表 rule
    assert.equal(counts.sheets, 0);
    assert.equal(counts.blocks, 1);
    const shift = '补充说明。\n\n'.length;
    const was = first.findings.find((f) => f.rule === 'perf-total')!;
    const now = second.findings.find((f) => f.rule === 'perf-total')!;
    assert.deepStrictEqual(now.span, { start: was.span.start + shift, end: was.span.end + shift });
    assert.equal(now.range.start.line, was.range.start.line + 2);
    sameAsFresh(engine, edited, { path, readFile }, 'edited');
  } finally {
    perfTotal.unit!.check = sheetCheck;
    stray.unit!.check = blockCheck;
  }
});

/** The reader's model as plain data. */
function model(d: ReturnType<typeof readMarkdown>) {
  return {
    sections: d.sections.map((s) => [s.id, s.level, s.numbering, s.title, s.titleSpan, s.span, s.scope, s.parent?.id]),
    blocks: d.blocks.map((b) =>
      b.kind === 'comment'
        ? [b.kind, b.span, b.text]
        : b.kind === 'paragraph'
          ? [b.kind, b.span, b.section.id, b.numbering, b.text.text, [...b.text.map]]
          : [
              b.kind,
              b.span,
              b.section.id,
              b.caption,
              b.unit,
              [b.header, ...b.rows].flat().map((c) => [c.span, c.text.text, [...c.text.map]]),
            ],
    ),
    meta: d.meta,
  };
}

const LINES = [
  '# a',
  '## 一、b',
  '',
  '',
  '```',
  '~~~',
  '<!--',
  '-->',
  '<!-- c -->',
  '<div>',
  '</div>',
  '收入 1.00万元。',
  '单位：元',
  '| a | b |',
  '| --- | --- |',
  '| 合计 | 2.00 |',
  '> q',
  '- item',
  '1. item',
  '    code',
  '#',
  '###### h',
  '####### no',
  '#5',
  'x\r',
  '\r',
  '\t# t',
  '标题',
  '===',
  '---',
  '[a]: /b',
];

test('the Markdown reader chunk by chunk gives the model of a whole parse (fences, HTML, comments, containers)', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(LINES.length - 1), { maxLength: 40 }), fc.boolean(), (picks, front) => {
      const text = (front ? '---\n单位: x\n---\n' : '') + picks.map((i) => LINES[i]).join('\n');
      const cache = new ChunkCache();
      assert.deepStrictEqual(model(readMarkdown(text, cache)), model(readMarkdown(text)), JSON.stringify(text));
      // and again from the cache
      assert.deepStrictEqual(model(readMarkdown(text, cache)), model(readMarkdown(text)), JSON.stringify(text));
    }),
    { numRuns: 3000, seed: 5 },
  );
  for (const text of ['# a\n\n```\n\n# b\n\n```\n\n# c\n', '# a\n\n<!--\n\n# b\n-->\n\n# c\n', read(SEED_MD)])
    assert.deepStrictEqual(model(readMarkdown(text, new ChunkCache())), model(readMarkdown(text)));
});
