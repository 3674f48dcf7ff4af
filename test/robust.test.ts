/**
 * Issue 9, "bounded time and no crash, whatever the input": the fuzz run's engine failures,
 * each as a small reproducer made here. Time is asserted as work (a count of steps, a linear
 * path), never as wall-clock time; the size/time bound itself is in scripts/fuzz.mjs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, createEngine, type CheckResult } from '../server/src/engine';
import { MappedText } from '../server/src/engine/util/text';
import { deepestOpener, MAX_YAML_DEPTH, plainValue } from '../server/src/engine/read/yaml-guard';
import YAML from 'yaml';
import { diagnose, Work } from '../server/src/engine/relations/diagnose';
import { normTitle, normTitleBy, normUnit } from '../server/src/engine/structure/profile';
import { SEED_MD, read, run } from './helpers';

const HEAD = ['---', '类型: 部门决算', '年度: 2024', '---', '', '# 2024年度部门决算', ''].join('\n');

function assertValid(r: CheckResult, text: string): void {
  assert.equal(r.dropped, 0, 'nothing invalid reached the guard');
  for (const f of r.findings) {
    if (f.path) continue;
    const places = [f.span, ...f.related.filter((x) => !x.path).map((x) => x.span)];
    for (const fix of f.fixes) for (const e of fix.edits) if (!e.path) places.push(e.span);
    for (const s of places) {
      assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${f.rule}: integer span`);
      assert.ok(0 <= s.start && s.start <= s.end && s.end <= text.length, `${f.rule}: span inside the text`);
    }
  }
}

test('a table whose header row has empty cells: every span is defined; a cell "8 6" is not the figure 86', () => {
  const table = '科目编码||合计|基本支出|项目支出||||\n-|-|-|-|-|-|-|-\n2080|||\n8050||8 6\n4321|12.50||3.25 7\n';
  const text = HEAD + table;
  const r = check(text, { path: 'r.md' });
  assertValid(r, text);
  const values = r.extraction.facts.map((f) => text.slice(f.span.start, f.span.end));
  assert.ok(!r.extraction.facts.some((f) => f.written?.value?.toString() === '86'), 'no figure 86');
  assert.ok(!r.extraction.facts.some((f) => f.written?.value?.toString() === '3.257'), 'no figure 3.257');
  for (const f of r.extraction.facts)
    if (!f.blank && !f.implicit) assert.ok(/\d/.test(text.slice(f.span.start, f.span.end)), `${values}`);
});

test('MappedText.span never reads outside its map (a position before the start is the start)', () => {
  const m = MappedText.build([{ text: '8 6', offset: 10 }], true);
  assert.deepEqual(m.span(-1, 1), { start: 10, end: 11 });
});

test('front matter nested 4,000 × "[{": a problem at the opener past the limit, no parse, no stack overflow', () => {
  for (const open of ['[{', '[', '{']) {
    const text = `---\n类型: 部门决算\n嵌套: ${open.repeat(4000)}\n---\n\n# 标题\n`;
    const r = check(text, { path: 'r.md' });
    assertValid(r, text);
    const deep = r.findings.find((f) => /32/.test(f.message) && f.rule === 'front-matter');
    assert.ok(deep, `a nesting finding for ${open}`);
    const at = text.indexOf('嵌套: ') + 4 + MAX_YAML_DEPTH - 1;
    assert.equal(deep.span.start, at, 'at the first opener past the limit (one level is the mapping)');
  }
});

test('a YAML report nested too deep is a problem, not parsed', () => {
  const text = '单位: 某单位\n表: ' + '[{'.repeat(4000) + '\n';
  const r = check(text, { path: 'tables.yaml' });
  assertValid(r, text);
  assert.ok(r.findings.some((f) => /32/.test(f.message)));
});

test('the nesting scan: flow, block and indicator levels, quotes and comments not counted', () => {
  assert.equal(deepestOpener('a: ' + '{'.repeat(31), 32), undefined);
  assert.equal(deepestOpener('a: ' + '{'.repeat(32), 32), 3 + 31);
  assert.equal(deepestOpener('a: "' + '{'.repeat(100) + '"\nb: 1 # ' + '['.repeat(100), 32), undefined);
  const list = Array.from({ length: 40 }, (_, k) => ' '.repeat(k * 2) + '- a').join('\n');
  assert.ok(deepestOpener(list, 32) !== undefined, 'an indented list 40 deep');
  assert.ok(deepestOpener('- '.repeat(40) + 'a', 32) !== undefined, '"- - - a" 40 deep');
  assert.equal(deepestOpener('表:\n  - 名称: x\n    行:\n      - [1, 2, {a: [3]}]\n', 32), undefined);
});

test('43 unclosed "{" in front matter: values are read without the exponential toJSON of mapping keys', () => {
  // 31 levels parse; plainValue keeps scalar keys only, so a mapping used as a key costs nothing
  const doc = YAML.parseDocument('嵌套: ' + '{'.repeat(30) + '\n', { uniqueKeys: false });
  let steps = 0;
  const count = (v: unknown): void => {
    steps++;
    if (v && typeof v === 'object') for (const x of Object.values(v)) count(x);
  };
  count(plainValue((doc.contents as YAML.YAMLMap).items[0].value));
  assert.ok(steps <= 64, `${steps} values`);
  const text = `---\n类型: 部门决算\n嵌套: ${'{'.repeat(43)}\n---\n\n# 标题\n`;
  assertValid(check(text, { path: 'r.md' }), text);
});

test('an unclosed "{" in front matter or YAML: the problem lies inside the text', () => {
  for (const [text, path] of [
    ['---\n数据: {\n---\n# 标题\n', 'r.md'],
    ['a: {', 't.yaml'],
    ['a: [', 't.yaml'],
  ]) {
    const r = check(text, { path });
    assertValid(r, text);
    assert.ok(r.findings.length > 0);
  }
});

test('a line of thousands of 占 clauses: the diagnosis does linear work (evaluations per clause stay flat)', () => {
  const labels = ['基本支出', '项目支出', '人员经费', '公用经费'];
  const work = (n: number): number => {
    const clauses = Array.from(
      { length: n },
      (_, i) => `${labels[i % 4]}${((i * 37) % 100000) / 100}万元，占${i % 100}.${(i * 7) % 100}%，`,
    );
    const text = HEAD + '其中：' + clauses.join('') + '。\n';
    const r = check(text, { path: 'r.md' });
    let evaluations = 0;
    const constraints = r.network.constraints.map((c) => ({
      ...c,
      evaluate: (v: Parameters<typeof c.evaluate>[0]) => (evaluations++, c.evaluate(v)),
    }));
    const evals = new Map(constraints.map((c) => [c, c.evaluate((f) => f.written)]));
    evaluations = 0;
    diagnose(constraints, evals);
    return evaluations;
  };
  const small = work(150);
  const large = work(600);
  assert.ok(large <= 5 * small, `${small} evaluations for 150 clauses, ${large} for 600`);
});

test('one failing sum of thousands of parts: the diagnosis does linear work (it tried every part: quadratic)', () => {
  // 合计 of 201 is not the sum of its rows (each row itself adds up): every part is a suspect, and
  // trying one evaluates the whole sum; 4,800 parts took 23 M figure evaluations (22 s)
  const head = [
    '---',
    '类型: 部门决算',
    '年度: 2024',
    '---',
    '',
    '# 2024年度部门决算',
    '',
    '一般公共预算财政拨款支出决算表',
  ];
  const run = (n: number) => {
    const rows = [
      '|科目编码|科目名称|合计|基本支出|项目支出|',
      '|-|-|-|-|-|',
      '|201|一般公共服务支出|100.00|60.00|40.00|',
    ];
    for (let i = 0; i < n; i++) {
      const [a, b] = [(i * 37) % 997, (i * 91) % 89];
      const code = `201${String(i % 100).padStart(2, '0')}${String(Math.floor(i / 100)).padStart(2, '0')}`;
      rows.push(`|${code}|项目${i}|${(a + b) / 100}|${a / 100}|${b / 100}|`);
    }
    const r = check([...head, '', ...rows, ''].join('\n'), { path: 'r.md' });
    const cs = r.network.constraints;
    const evals = new Map(cs.map((c) => [c, c.evaluate((f) => f.written)]));
    const work = Work.for(cs);
    const d = diagnose(cs, evals, work);
    const size = cs.reduce((s, c) => s + c.facts.length, 0);
    const biggest = Math.max(...cs.map((c) => c.facts.length));
    return { work, size, biggest, failing: d.unexplained.length + d.culprits.length };
  };
  for (const n of [600, 2400]) {
    const { work, size, biggest, failing } = run(n);
    assert.ok(failing >= 1, 'the failing sum is still reported');
    assert.ok(work.limit <= 2 * size + 20_000, 'the limit is linear in the network');
    assert.ok(
      work.spent <= work.limit + 2 * biggest,
      `${work.spent} figures evaluated for ${n} parts (limit ${work.limit})`,
    );
  }
});

test('a paragraph of 200,000 characters spaced apart is assembled in one pass, every character mapped back', () => {
  // MappedText.build appended to a string and read its last character back after every run of
  // spaces, flattening the string each time: quadratic (400 K characters took 22 s)
  const words = '本年支出合计12.34万元占比5.6%'.repeat(12_500);
  const spaced = [...words].join(' ');
  const m = MappedText.build([{ text: spaced, offset: 7 }], true);
  assert.equal(m.map.length, m.text.length);
  assert.ok(m.text.startsWith('本年支出合计1 2.3 4万元'), 'one space kept between ASCII alphanumerics only');
  for (let i = 1; i < m.map.length; i++) if (m.map[i] <= m.map[i - 1]) assert.fail(`map not increasing at ${i}`);
  assert.equal(m.text.replace(/ /g, ''), words);
  for (const i of [0, 1000, m.text.length - 1]) assert.equal(spaced[m.map[i] - 7], m.text[i]);
});

test('a run of 100,000 digits in a table cell and in the 三公 section is read once (bounded amount patterns)', () => {
  const digits = '1'.repeat(100_000);
  const text = read(SEED_MD)
    .replace('| 资金来源 |', `| ${digits} |`)
    .replace('3.卫生健康支出(类)', `${digits}\n\n3.卫生健康支出(类)`);
  const r = run(text, SEED_MD);
  assert.ok(r.findings.every((f) => Number.isInteger(f.span.start) && f.span.end <= text.length));
});

test('a text export opening with a 2,000-row table: no unit name is read from it, titles keyed without it', () => {
  // the first paragraph of a text without headings became the title, the whole table its unit
  // name, and every heading and line of the report was keyed and normalised with that 80 K name:
  // quadratic (an 11,539-row table ran past 600 s; fuzz seed 1 #5839)
  const rows = Array.from({ length: 2000 }, (_, i) => `|${2010000 + i}|${(i % 97) + 0.25}|1.00|`).join('\n');
  const tail = read(SEED_MD).replace(/^---[\s\S]*?\n---\n/, '');
  const text = `|科目编码|合计|基本支出|\n|-|-|-|\n${rows}\n2024年度部门决算\n${tail}`;
  const r = check(text, { path: 'r.txt' });
  assertValid(r, text);
  assert.equal(r.doc.meta.unit, undefined, 'no unit name from a table');
  assert.ok(r.structure, 'the structure is still matched');
});

test('normTitle with a unit name: the same key given the name or its normalised form (normUnit, normTitleBy)', () => {
  const unit = '昌吉州 人民政府驻北京联络处';
  const title = '昌吉州人民政府驻北京联络处2024年度部门收支总体情况';
  assert.equal(normTitle(title, unit), '部门收支总体情况');
  assert.equal(normTitleBy(title, normUnit(unit)), normTitle(title, unit));
  assert.equal(normTitleBy('短', normUnit('很长的单位名称'.repeat(1000))), '短');
});

test('a sentence of many 占: each share reads the sentence values, not a copy (a copy each: quadratic)', () => {
  // 「…万元，占…%，」 repeated on one line: the values before each 占 were sliced out for every share,
  // and the budget/actual roles among them counted share by share (1 MB took 3 s in the build alone)
  const n = 400;
  const text = HEAD + '基本支出100.00万元，占总支出的10.00%，'.repeat(n) + '\n';
  const r = check(text, { path: 'r.md' });
  const shares = r.extraction.shares;
  assert.equal(shares.length, n);
  const values = shares[0].preceding.values;
  assert.equal(values.length, n);
  for (const [i, s] of shares.entries()) {
    assert.equal(s.preceding.values, values, 'one array for the sentence');
    assert.equal(s.preceding.to, i + 1, 'the values before this 占');
  }
});

test('a paragraph or a table row of 150,000 figures: no stack overflow (facts appended as spread arguments)', () => {
  const engine = createEngine({});
  for (const [text, path] of [
    ['测试局2024年度部门决算\n\n' + '1.00|'.repeat(150_000) + '\n', 'r.txt'],
    [HEAD + '其中：工资福利支出1.00万元、'.repeat(150_000) + '\n', 'r.md'],
  ]) {
    const r = engine.check(text, { path });
    assertValid(r, text);
    assert.ok(engine.check(text + '。', { path }), 'the cached blocks append as well');
  }
});
