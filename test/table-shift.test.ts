/**
 * Shifted tables (rule table-shift, issue 11): a block of a real table whose amounts are moved one
 * row (or one column) against their labels, in the three forms a table comes in (a Markdown table,
 * a layout text export, the YAML tables file). Each must give exactly one table-shift finding, where
 * the block begins, with the relations it explains as related figures, and nothing else that the
 * unmutated report does not have (no sum, repeated … finding left from the shift).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type CheckResult } from '../server/src/engine';
import { CORPUS, ROOT, read } from './helpers';

const SH_MD = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');
const PAIR_MD = join(ROOT, 'samples', 'changji-2024', 'report.md');
const PAIR_YAML = join(ROOT, 'samples', 'changji-2024', 'tables.yaml');
const SOCIAL_TXT = join(CORPUS, 'shanghai-putuo-social-work-2024-final.txt');
const PLANNING_TXT = join(CORPUS, 'shanghai-putuo-planning-2024-final.txt');

type Dir = 'up' | 'down';

/** Errors and warnings other than table-shift, as rule and line. */
function others(r: CheckResult): string[] {
  return r.findings
    .filter((f) => f.rule !== 'table-shift' && f.severity !== 'info')
    .map((f) => `${f.rule} ${f.range.start.line + 1}`)
    .sort();
}

/**
 * The rows of a block (line indices) moved: with 'up' each row takes the next row's values and the
 * last is left blank, with 'down' each takes the previous row's and the first is left blank.
 */
function moveRows<T>(
  lines: string[],
  block: number[],
  dir: Dir,
  get: (l: string) => T,
  put: (l: string, v?: T) => string,
) {
  const values = block.map((i) => get(lines[i]));
  block.forEach((i, j) => {
    const k = dir === 'up' ? j + 1 : j - 1;
    lines[i] = put(lines[i], k >= 0 && k < block.length ? values[k] : undefined);
  });
}

/**
 * The line indices of a table's rows, from the one whose text starts with `first` to the one starting
 * with `last` (or to the first line that is neither a row nor `inside` the table).
 */
function blockOf(
  lines: string[],
  caption: string,
  isRow: (l: string) => boolean,
  first: string,
  last?: string,
  inside: (l: string) => boolean = () => false,
): number[] {
  const c = lines.findIndex((l) => l.includes(caption));
  assert.ok(c >= 0, `caption ${caption} not found`);
  const start = lines.findIndex((l, i) => i > c && isRow(l) && l.trim().startsWith(first));
  assert.ok(start > 0, `row ${first} not found`);
  const block: number[] = [];
  for (let i = start; i < lines.length; i++) {
    if (isRow(lines[i])) block.push(i);
    else if (!inside(lines[i])) break;
    if (last && lines[i].trim().startsWith(last)) break;
  }
  assert.ok(block.length >= 3, `a block of ${block.length} rows`);
  return block;
}

/** A Markdown table's rows shifted from `first` (a code), the cells from column `col` on. */
function shiftMarkdown(text: string, caption: string, first: string, dir: Dir, col: number, last?: string) {
  const lines = text.split('\n');
  const isRow = (l: string) => /^\| *\d{3,7} *\|/.test(l);
  const block = blockOf(lines, caption, isRow, `| ${first} |`, last && `| ${last} |`);
  const cells = (l: string) => l.split('|').slice(1, -1);
  moveRows(
    lines,
    block,
    dir,
    (l) => cells(l).slice(col),
    (l, v) => {
      const c = cells(l);
      return `|${[...c.slice(0, col), ...(v ?? c.slice(col).map(() => '  '))].join('|')}|`;
    },
  );
  return { text: lines.join('\n'), line: block[0] + 1 };
}

const AMOUNT = /(?<=\s)-?\d[\d,]*\.\d{2}(?=\s|$)/g;
const HAS_AMOUNT = new RegExp(AMOUNT.source);

/**
 * A layout text table's amount lines from the one starting with `first` (a code) to `last`, shifted:
 * each amount is written where the amount of the same place in the neighbouring line was (left
 * aligned, as the export prints them), the columns kept.
 */
function shiftLayout(text: string, caption: string, first: string, last: string, dir: Dir) {
  const lines = text.split('\n');
  const isRow = (l: string) => /^\s*\d{3,7}\s/.test(l) && HAS_AMOUNT.test(l);
  // wrapped labels and blank lines sit between the rows of a layout table
  const block = blockOf(lines, caption, isRow, first, last, () => true);
  const tokens = (l: string) => [...l.matchAll(AMOUNT)];
  const counts = new Set(block.map((i) => tokens(lines[i]).length));
  assert.equal(counts.size, 1, 'the shifted lines have as many amounts each');
  moveRows(
    lines,
    block,
    dir,
    (l) => tokens(l).map((m) => m[0]),
    (l, v) => {
      let out = l;
      for (const [j, m] of tokens(l).reverse().entries()) {
        const n = (v ?? []).slice().reverse()[j] ?? '';
        const at = m.index!;
        const room = out.slice(at).match(/^\S+\s*/)![0].length;
        const rest = out.slice(at + room);
        const pad = rest ? Math.max(room - n.length, 2) : 0;
        out = out.slice(0, at) + n + ' '.repeat(pad) + rest;
      }
      return out.replace(/\s+$/, '');
    },
  );
  return { text: lines.join('\n'), line: block[0] + 1 };
}

/** The first line (1-based) a mutation changed: the first row whose figures are not its own. */
function firstChanged(text: string, mutated: string): number {
  const a = text.split('\n');
  return mutated.split('\n').findIndex((l, i) => l !== a[i]) + 1;
}

function assertOneShift(name: string, base: CheckResult, r: CheckResult, line: number, path?: string) {
  const shifts = r.findings.filter((f) => f.rule === 'table-shift');
  assert.equal(shifts.length, 1, `${name}: one table-shift finding, got ${shifts.map((f) => f.message).join(' | ')}`);
  const [s] = shifts;
  assert.equal(s.path, path, `${name}: in the file of the table`);
  assert.equal(s.range.start.line + 1, line, `${name}: at the first row that is not its own`);
  assert.ok(s.related.length >= 3, `${name}: the relations it explains are related figures`);
  assert.deepEqual(others(r), others(base), `${name}: nothing else than in the unmutated report`);
}

const SH_CASES: Array<[string, string, string, Dir, number, string?]> = [
  ['支出决算表 rows up from 208', '#### 支出决算表', '208', 'up', 2],
  ['支出决算表 rows down from 208', '#### 支出决算表', '208', 'down', 2],
  ['收入决算表 rows up from 20805', '#### 收入决算表', '20805', 'up', 2],
  [
    '一般公共预算财政拨款支出决算表 基本/项目 down, a block',
    '一般公共预算财政拨款支出决算表',
    '2013901',
    'down',
    3,
    '2101102',
  ],
];

test('a shifted block of a Markdown table: one table-shift finding, no sum findings', () => {
  const text = readFileSync(SH_MD, 'utf8');
  const base = check(text, { path: SH_MD });
  for (const [name, caption, first, dir, col, last] of SH_CASES) {
    const m = shiftMarkdown(text, caption, first, dir, col, last);
    assert.notEqual(m.text, text);
    assertOneShift(name, base, check(m.text, { path: SH_MD }), firstChanged(text, m.text));
  }
});

test('a shifted block of a layout text export (corpus): one table-shift finding, no sum findings', () => {
  const cases: Array<[string, string, string, string, string, Dir]> = [
    ['social-work 支出决算表 up', SOCIAL_TXT, '  支出决算表', '208 ', '21011', 'up'],
    ['planning 支出决算表 down', PLANNING_TXT, '  支出决算表', '2080501', '2101102', 'down'],
    ['planning 支出决算表 up, second page', PLANNING_TXT, '  支出决算表', '212 ', '2210203', 'up'],
  ];
  for (const [name, path, caption, first, last, dir] of cases) {
    const text = read(path);
    const base = check(text, { path });
    const m = shiftLayout(text, caption, first, last, dir);
    assert.notEqual(m.text, text);
    assertOneShift(name, base, check(m.text, { path }), firstChanged(text, m.text));
  }
});

test('a shifted block of the YAML tables file: one table-shift finding there, no sum findings', () => {
  const md = readFileSync(PAIR_MD, 'utf8');
  const yaml = readFileSync(PAIR_YAML, 'utf8');
  const run = (y: string) =>
    check(md, { path: PAIR_MD, readFile: (p) => (p === PAIR_YAML ? y : readFileSync(p, 'utf8')) });
  const base = run(yaml);
  const lines = yaml.split('\n');
  const isRow = (l: string) => /^\s+- \{ 科目编码: "\d{3,7}"/.test(l);
  const block = blockOf(lines, '名称: 一般公共预算财政拨款支出决算表', isRow, '- { 科目编码: "2010350"');
  const values = /(合计: .*) \}$/;
  moveRows(
    lines,
    block,
    'up',
    (l) => values.exec(l)![1],
    (l, v) => l.replace(values, `${v ?? '合计: 0.00, 基本支出: 0.00, 项目支出: 0.00'} }`),
  );
  const r = run(lines.join('\n'));
  assertOneShift('一般公共预算财政拨款支出决算表 up', base, r, firstChanged(yaml, lines.join('\n')), PAIR_YAML);
});

/** Every row of a Markdown table (合计 to the last), the cells from column `col` on moved one column right. */
function shiftWholeMarkdown(text: string, caption: string, col: number) {
  const lines = text.split('\n');
  const c = lines.indexOf(caption);
  assert.ok(c >= 0, `caption ${caption} not found`);
  const first = lines.findIndex((l, i) => i > c && /^\| *\| *合计 *\|/.test(l));
  assert.ok(first > 0, `the 合计 row of ${caption}`);
  let i = first;
  for (; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i].split('|').slice(1, -1);
    lines[i] = `|${[...cells.slice(0, col), '  ', ...cells.slice(col, -1)].join('|')}|`;
  }
  assert.ok(i - first >= 10, 'a whole table moved');
  return lines.join('\n');
}

test('every row shifted one column (no row left unshifted): one table-shift finding, from its identities', () => {
  const text = readFileSync(SH_MD, 'utf8');
  const base = check(text, { path: SH_MD });
  for (const caption of ['#### 收入决算表', '#### 支出决算表']) {
    const m = shiftWholeMarkdown(text, caption, 2);
    const r = check(m, { path: SH_MD });
    assertOneShift(`${caption} right`, base, r, firstChanged(text, m));
    const [s] = r.findings.filter((f) => f.rule === 'table-shift');
    assert.match(s.message, /各列所列为前一列的数字（右移一列）/, caption);
  }
  // the YAML tables file: every row's amounts one column to the right (the first blank, the last lost)
  const md = readFileSync(PAIR_MD, 'utf8');
  const yaml = readFileSync(PAIR_YAML, 'utf8');
  const run = (y: string) =>
    check(md, { path: PAIR_MD, readFile: (p) => (p === PAIR_YAML ? y : readFileSync(p, 'utf8')) });
  const keys = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.includes('名称: 支出决算表'));
  let moved = 0;
  for (let i = start + 1; i < lines.length && !/^\s+- 名称:/.test(lines[i]); i++) {
    if (!lines[i].includes('本年支出合计:')) continue;
    const values = keys.map((k) => new RegExp(`${k}: ([\\d.]+)`).exec(lines[i])![1]);
    keys.forEach((k, j) => {
      lines[i] = lines[i].replace(new RegExp(`${k}: [\\d.]+`), `${k}: ${j ? values[j - 1] : '0.00'}`);
    });
    moved++;
  }
  assert.ok(moved >= 5, 'every row of 支出决算表');
  const mutated = lines.join('\n');
  assertOneShift('支出决算表 (YAML) right', run(yaml), run(mutated), firstChanged(yaml, mutated), PAIR_YAML);
});

test('a table that is right gets no table-shift finding (samples, corpus)', () => {
  for (const [path, text] of [
    [SH_MD, readFileSync(SH_MD, 'utf8')],
    [SOCIAL_TXT, read(SOCIAL_TXT)],
    [PLANNING_TXT, read(PLANNING_TXT)],
  ]) {
    assert.deepEqual(
      check(text, { path }).findings.filter((f) => f.rule === 'table-shift'),
      [],
      path,
    );
  }
});

/** The rows of a Markdown table from its 合计 row on, as line indices. */
function tableRows(lines: string[], caption: string): number[] {
  const c = lines.indexOf(caption);
  const first = lines.findIndex((l, i) => i > c && /^\| *\| *合计 *\|/.test(l));
  const rows: number[] = [];
  for (let i = first; i < lines.length && lines[i].startsWith('|'); i++) rows.push(i);
  return rows;
}

test('a shift starting at each row: named at the first row whose figures are not its own, its direction', () => {
  const text = readFileSync(SH_MD, 'utf8');
  const base = check(text, { path: SH_MD });
  const lines0 = text.split('\n');
  const cells = (l: string) => l.split('|').slice(1, -1);
  for (const [caption, col] of [
    ['#### 支出决算表', 2],
    ['#### 一般公共预算财政拨款支出决算表', 2],
    ['#### 一般公共预算财政拨款支出决算表', 3],
  ] as const) {
    const rows = tableRows(lines0, caption);
    // a block of four rows or more (three rows at a table's end carry too few relations to tell)
    for (let s = 0; rows.length - s >= 5; s++) {
      for (const dir of ['up', 'down'] as const) {
        const lines = [...lines0];
        const block = rows.slice(s);
        moveRows(
          lines,
          block,
          dir,
          (l) => cells(l).slice(col),
          (l, v) =>
            `|${[
              ...cells(l).slice(0, col),
              ...(v ??
                cells(l)
                  .slice(col)
                  .map(() => '  ')),
            ].join('|')}|`,
        );
        const mutated = lines.join('\n');
        if (mutated === text) continue;
        const name = `${caption} col ${col} ${dir} from row ${s}`;
        const r = check(mutated, { path: SH_MD });
        const shifts = r.findings.filter((f) => f.rule === 'table-shift');
        assert.equal(shifts.length, 1, `${name}: one finding`);
        const at = shifts[0].range.start.line;
        // never a row whose figures are its own (the row before the block, or a 类 that equals its one 款)
        assert.ok(block.includes(at) && lines[at] !== lines0[at], `${name}: names line ${at + 1}, a row of its own`);
        assert.ok(at + 1 >= firstChanged(text, mutated), `${name}: not before the first shifted row`);
        assert.match(shifts[0].message, dir === 'up' ? /上移一行/ : /下移一行/, name);
        assert.deepEqual(others(r), others(base), `${name}: nothing else than in the unmutated report`);
      }
    }
  }
});
