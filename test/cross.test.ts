/**
 * Reports checked against each other (engine/cross, rules cross-year, budget-vs-final,
 * department-units) on the two real sets of the shared corpus: the wanli 街道 2024 and 2025
 * budgets (year to year) and the district government office's 2025 department and unit budgets
 * (its one subordinate unit is merged into 本部, so the department equals its own unit's report).
 * In the text form (prose figures) and in Markdown imported from the PDFs (tables read too).
 *
 * Every relation found on the real sets holds (checked by hand: the relations are listed in
 * docs/cross.md); the mutations change one figure and must be caught on that figure, with the
 * partner's figure as related information, in both documents of the pair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type CheckResult, type CrossInput, type Finding } from '../server/src/engine';
import { importFile } from '../server/src/cli/import';
import type { ImportResult } from '../server/src/engine/read/import/blocks';
import { CORPUS, mutateAt, read } from './helpers';

const CROSS_RULES = ['cross-year', 'budget-vs-final', 'department-units'];
const W24 = join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt');
const W25 = join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt');
const GD = join(CORPUS, 'shanghai-putuo-gov-office-2025-budget.txt');
const GU = join(CORPUS, 'shanghai-putuo-gov-office-2025-unit-budget.txt');
const pdfOf = (txt: string) => join(CORPUS, 'pdf', txt.replace(/^.*[\\/]/, '').replace(/\.txt$/, '.pdf'));

interface Doc {
  path: string;
  text: string;
}

/** Each report checked, then each checked against the others (as the CLI does). */
function crossCheckAll(docs: Doc[], sets?: string[][]): Map<string, CheckResult> {
  const engine = createEngine();
  const results = docs.map((d) => engine.check(d.text, { path: d.path }));
  const input: CrossInput = { partners: results.map((r) => engine.crossEntry(r)), sets };
  return new Map(results.map((r) => [r.doc.path!, engine.crossCheck(r, input)]));
}

const crossFindings = (r: CheckResult): Finding[] => r.findings.filter((f) => CROSS_RULES.includes(f.rule));

/** The relations found, per kind (of the prose figures only, with `prose`). */
function kinds(r: CheckResult, prose = false): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of r.cross?.relations ?? [])
    if (!prose || (!x.here.table && x.partners.every((p) => !p.figure.table))) out[x.kind] = (out[x.kind] ?? 0) + 1;
  return out;
}

const txt = (path: string): Doc => ({ path, text: read(path) });

const imports = new Map<string, Promise<Doc>>();
/** The Markdown the importer makes of a corpus PDF (once per test run). */
function md(txtPath: string): Promise<Doc> {
  const pdf = pdfOf(txtPath);
  if (!imports.has(pdf)) {
    if (!existsSync(pdf)) assert.fail(`the shared corpus is missing: ${pdf}`);
    imports.set(
      pdf,
      importFile(pdf, { out: () => undefined, err: () => undefined }).then((r) => {
        assert.equal(typeof r, 'object', `import of ${pdf}: ${String(r)}`);
        return { path: `${pdf}.md`, text: (r as ImportResult).markdown };
      }),
    );
  }
  return imports.get(pdf)!;
}

test('wanli 2024 and 2025 budgets (text): 11 year-to-year relations, all holding', () => {
  const rs = crossCheckAll([txt(W24), txt(W25)]);
  for (const p of [W24, W25]) {
    const r = rs.get(p)!;
    // prose figures (when the .txt reader reads tables, their figures join in as in the Markdown below)
    assert.deepEqual(kinds(r, true), { year: 11 }, p);
    assert.deepEqual(crossFindings(r), [], p);
    assert.ok(r.cross!.relations.every((x) => x.ok));
  }
  // the 2025 report's bases: 3 changes 比2024年预算增加 3,355.65, 3 三公 changes, 5 持平
  const vias = rs.get(W25)!.cross!.relations.map((x) => x.here.via);
  assert.deepEqual(
    { change: vias.filter((v) => v === 'change').length, flat: vias.filter((v) => v === 'flat').length },
    { change: 6, flat: 5 },
  );
  assert.ok(rs.get(W24)!.cross!.relations.every((x) => x.here.via === 'stated' && x.here.year === 2024));
});

test('gov office 2025 department and unit budgets (text): department-units relations, all holding', () => {
  const rs = crossCheckAll([txt(GD), txt(GU)]);
  const dept = rs.get(GD)!;
  assert.deepEqual(dept.cross!.entry.identity.units, ['上海市普陀区人民政府办公室'], 'merged unit not counted');
  // the prose figures (23 whose partner figure is in the prose too) and the budget tables' cells
  // of the text (B1–B9, read from the layout since the .txt reader reads tables)
  assert.deepEqual(kinds(rs.get(GD)!), { 'department-units': 238 });
  assert.deepEqual(kinds(rs.get(GU)!), { 'department-units': 242 });
  for (const p of [GD, GU]) {
    assert.deepEqual(kinds(rs.get(p)!, true), { 'department-units': 23 }, p);
    assert.deepEqual(crossFindings(rs.get(p)!), [], p);
    assert.ok(rs.get(p)!.cross!.relations.every((x) => x.ok));
  }
  // the wanli department lists 6 units, none of whose reports is here: no department-units pair
  const w = crossCheckAll([txt(W25), txt(GU)]);
  assert.equal(w.get(W25)!.cross!.entry.identity.units!.length, 6);
  assert.deepEqual(kinds(w.get(W25)!), {});
  assert.deepEqual(kinds(w.get(GU)!), {});
});

test('no pairs across units, stages or sets that do not fit', () => {
  const rs = crossCheckAll([txt(W24), txt(GD)]);
  for (const r of rs.values()) assert.deepEqual(r.cross!.pairs, []);
});

test('Markdown imported from the PDFs: the same relations, with the table figures joining in', async () => {
  const [w24, w25] = [await md(W24), await md(W25)];
  const wanli = crossCheckAll([w24, w25]);
  // the 2025 report's 11 bases; the 2024 report's figures they meet: its prose and the table
  // cells of the same figures (the budget tables B1–B9 read: 11 more cells, all holding)
  assert.deepEqual(kinds(wanli.get(w25.path)!), { year: 11 });
  assert.deepEqual(kinds(wanli.get(w24.path)!), { year: 22 });
  for (const r of wanli.values()) {
    assert.deepEqual(kinds(r, true), { year: 11 }, r.doc.path);
    assert.deepEqual(crossFindings(r), [], r.doc.path);
  }
  const gov = crossCheckAll([await md(GD), await md(GU)]);
  for (const r of gov.values()) {
    // the 22 prose figures and the cells of the budget tables B1–B9 (blank cells take no part);
    // 收入预算 and 支出预算 are read as the 收入总计/支出总计 of B1 since the budget tables landed
    assert.deepEqual(kinds(r), { 'department-units': 228 }, r.doc.path);
    assert.deepEqual(kinds(r, true), { 'department-units': 22 }, r.doc.path);
    assert.deepEqual(crossFindings(r), [], r.doc.path);
    assert.ok(
      r.cross!.relations.some((x) => x.here.table),
      'table cells compared',
    );
  }
});

/** The one cross finding of a result, at the mutated figure, with the partner's file among its related figures. */
function caught(r: CheckResult, rule: string, figure: string, partner: string, partnerText: RegExp): Finding {
  const fs = crossFindings(r);
  assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
  const f = fs[0];
  assert.equal(f.rule, rule);
  assert.equal(r.doc.source.slice(f.span.start, f.span.end), figure);
  const rel = f.related.find((x) => x.path === partner);
  assert.ok(rel, `related in ${partner}: ${JSON.stringify(f.related)}`);
  assert.match(rel.message, partnerText);
  assert.ok(f.expected && f.formula, 'recomputed value and formula');
  assert.ok(f.fixes.length && f.fixes.every((x) => !x.certain), 'a suggestion only, never certain');
  return f;
}

test('mutation (text): a 上年 base changed in the later report is caught in both reports', () => {
  const m = mutateAt(read(W25), {
    name: '2025 财政拨款收入 比2024年预算增加',
    ctx: '3,355.65万元；事业收入',
    from: '3,355.65',
    to: '3,255.65',
  });
  const rs = crossCheckAll([txt(W24), { path: W25, text: m.text }]);
  const later = caught(rs.get(W25)!, 'cross-year', '3,255.65', W24, /财政拨款收入 15621\.11万元/);
  assert.equal(later.span.start, m.at);
  assert.equal(later.expected, '3,355.65');
  // the earlier report states the figure twice: in its prose and in its table B4 (in 元)
  const before = crossFindings(rs.get(W24)!);
  assert.deepEqual(
    before.map((f) => rs.get(W24)!.doc.source.slice(f.span.start, f.span.end)),
    ['15621.11', '156,211,123'],
  );
  const earlier = before[0];
  assert.equal(earlier.rule, 'cross-year');
  assert.ok(
    earlier.related.some((x) => x.path === W25 && /财政拨款收入 (18,976\.76万元|增加 3,255\.65)/.test(x.message)),
  );
  assert.equal(earlier.expected, '15721.11万元');
  assert.match(earlier.message, /2025年预算报告推得的上年数 15721\.11万元/);
});

test('mutation (text): last year changed against a 持平 of this year', () => {
  const m = mutateAt(read(W24), {
    name: '2024 公务接待费',
    ctx: '（三）公务接待费1.35万元。比2023年预算持平',
    from: '1.35',
    to: '1.55',
  });
  const rs = crossCheckAll([{ path: W24, text: m.text }, txt(W25)]);
  caught(rs.get(W24)!, 'cross-year', '1.55', W25, /公务接待费 1\.35万元/);
  // the 2024 report now contradicts its own table B9 (1.35): that is its own finding, and the
  // place it contradicts itself about is not held against the 2025 report's 持平
  const own = rs.get(W24)!.findings.filter((f) => f.rule === 'repeated');
  assert.equal(own.length, 1);
  assert.equal(m.text.slice(own[0].span.start, own[0].span.end), '1.55');
  assert.deepEqual(crossFindings(rs.get(W25)!), []);
});

test('mutation (text): a unit figure changed is caught on it, the department as related, and vice versa', () => {
  const m = mutateAt(read(GU), {
    name: 'unit 机关运行经费',
    ctx: '机关运行经费预算为213.28万元',
    from: '213.28',
    to: '231.28',
  });
  const rs = crossCheckAll([txt(GD), { path: GU, text: m.text }]);
  const unit = caught(rs.get(GU)!, 'department-units', '231.28', GD, /机关运行经费 213\.28万元/);
  assert.equal(unit.span.start, m.at);
  assert.match(unit.message, /与部门报告 213\.28万元 不一致/);
  caught(rs.get(GD)!, 'department-units', '213.28', GU, /机关运行经费 231\.28万元/);
});

test('mutation (Markdown): a table figure of the unit report changed', async () => {
  const unit = await md(GU);
  const row = '| 2010301 | 行政运行 | 12,029,501.84 |';
  // the row stands in two tables of the unit report (支出预算总表, 一般公共预算支出功能分类预算表)
  const parts = unit.text.split(row);
  assert.equal(parts.length, 3);
  const text = parts.join('| 2010301 | 行政运行 | 12,092,501.84 |');
  const dept = await md(GD);
  const rs = crossCheckAll([dept, { path: unit.path, text }]);
  const fs = crossFindings(rs.get(unit.path)!);
  assert.equal(fs.length, 2, fs.map((f) => f.message).join('\n'));
  for (const f of fs) {
    assert.equal(f.rule, 'department-units');
    assert.equal(text.slice(f.span.start, f.span.end), '12,092,501.84');
    assert.ok(f.related.some((x) => x.path === dept.path && /12,029,501\.84元/.test(x.message)));
    assert.equal(f.expected, '12,029,501.84元');
  }
  const d = crossFindings(rs.get(dept.path)!);
  assert.equal(d.length, 2);
  for (const f of d) assert.equal(dept.text.slice(f.span.start, f.span.end), '12,029,501.84');
  // one cell changed only (the 支出预算总表's, all funds; the 一般公共预算 table's is another
  // concept): caught on it, and the department's figure of that table is told of it
  const one = parts[0] + '| 2010301 | 行政运行 | 12,092,501.84 |' + parts[1] + row + parts[2];
  const rs1 = crossCheckAll([dept, { path: unit.path, text: one }]);
  assert.equal(crossFindings(rs1.get(unit.path)!).length, 1);
  assert.equal(crossFindings(rs1.get(dept.path)!).length, 1);
});

test('mutation (Markdown): a 上年 base changed in the later imported report', async () => {
  const later = await md(W25);
  const m = mutateAt(later.text, {
    name: '2025 三公 比2024年预算减少',
    ctx: '预算数为37.91万元，比2024年预算减少10万元',
    from: '10',
    to: '12',
  });
  const earlier = await md(W24);
  const rs = crossCheckAll([earlier, { path: later.path, text: m.text }]);
  const f = caught(rs.get(later.path)!, 'cross-year', '12', earlier.path, /三公经费 47\.91万元|合计 47\.91万元/);
  assert.equal(f.expected, '10');
});

const FINAL_2024 = `---
单位: 上海市普陀区人民政府万里街道办事处
年度: 2024
类型: 部门决算
---

# 上海市普陀区人民政府万里街道办事处2024年度部门决算

## 一、“三公”经费财政拨款支出决算情况说明

“三公”经费年初预算数为47.91万元，决算数为45.00万元，完成年初预算的93.93%。
`;

test('budget and 决算 of the same year: the 年初预算数 against the budget report, and a mutation of it', () => {
  const final = { path: '/ws/wanli-2024-final.md', text: FINAL_2024 };
  const rs = crossCheckAll([txt(W24), final]);
  // the 决算's 年初预算数 meets the budget's 47.91 in its prose and in its table B9
  assert.deepEqual(kinds(rs.get(final.path)!), { 'budget-final': 1 });
  assert.deepEqual(kinds(rs.get(W24)!), { 'budget-final': 2 });
  assert.deepEqual(crossFindings(rs.get(final.path)!), []);
  const m = mutateAt(FINAL_2024, { name: '年初预算数', ctx: '年初预算数为47.91万元', from: '47.91', to: '49.91' });
  const bad = crossCheckAll([txt(W24), { path: final.path, text: m.text }]);
  const f = caught(bad.get(final.path)!, 'budget-vs-final', '49.91', W24, /47\.91万元/);
  assert.match(f.message, /2024年预算报告 47\.91万元/);
  // the budget states 47.91 in its prose and in its table B9: both are told of the 决算's 49.91
  const budget = crossFindings(bad.get(W24)!);
  assert.equal(budget.length, 2);
  for (const x of budget) {
    assert.equal(x.rule, 'budget-vs-final');
    assert.equal(bad.get(W24)!.doc.source.slice(x.span.start, x.span.end), '47.91');
    assert.ok(x.related.some((r) => r.path === final.path && /49\.91万元/.test(r.message)));
  }
});

/** The same 决算 in the text form (no front matter: the identity from its title). */
const FINAL_2024_TXT = `上海市普陀区人民政府万里街道办事处2024年度部门决算

一、“三公”经费财政拨款支出决算情况说明

“三公”经费年初预算数为47.91万元，决算数为45.00万元，完成年初预算的93.93%。
`;

test('mutation (text 决算, text and Markdown budget): a 年初预算数 changed is caught on it', async () => {
  const final = { path: '/ws/wanli-2024-final.txt', text: FINAL_2024_TXT };
  const m = mutateAt(FINAL_2024_TXT, { name: '年初预算数', ctx: '年初预算数为47.91万元', from: '47.91', to: '49.91' });
  for (const budget of [txt(W24), await md(W24)]) {
    const rs = crossCheckAll([budget, final]);
    assert.equal(rs.get(final.path)!.cross!.entry.identity.stage, '决算', budget.path);
    assert.deepEqual(kinds(rs.get(final.path)!), { 'budget-final': 1 }, budget.path);
    assert.deepEqual(crossFindings(rs.get(final.path)!), [], budget.path);
    const bad = crossCheckAll([budget, { path: final.path, text: m.text }]);
    const f = caught(bad.get(final.path)!, 'budget-vs-final', '49.91', budget.path, /47\.91万元/);
    assert.deepEqual([f.span.start, f.span.end], [m.at, m.end]);
  }
});

test('an explicit set pairs reports whatever their 单位 names, and only inside the set', () => {
  const renamed = read(W24).replace('预算主管部门：上海市普陀区人民政府万里街道办事处', '预算主管部门：万里街道');
  const docs = [
    { path: W24, text: renamed },
    { path: W25, text: read(W25) },
  ];
  assert.deepEqual(kinds(crossCheckAll(docs).get(W25)!), {}, 'other 单位: no pair by identity');
  assert.deepEqual(kinds(crossCheckAll(docs, [[W24, W25]]).get(W25)!, true), { year: 11 });
  assert.deepEqual(kinds(crossCheckAll([txt(W24), txt(W25)], [[W25, GD]]).get(W25)!), {}, 'a set is closed');
});

test('cross findings obey the rule settings and the suppression comments of the report checked', () => {
  const m = mutateAt(read(GU), { name: 'unit', ctx: '机关运行经费预算为213.28万元', from: '213.28', to: '231.28' });
  const engine = createEngine();
  const a = engine.check(read(GD), { path: GD });
  const b = engine.check(m.text, { path: GU });
  const input = { partners: [engine.crossEntry(a), engine.crossEntry(b)] };
  const off = engine.crossCheck(b, input, { path: GU, rules: { 'department-units': 'off' } });
  assert.deepEqual(crossFindings(off), []);
  const warn = engine.crossCheck(b, input, { path: GU, rules: { 'department-units': 'warning' } });
  assert.equal(crossFindings(warn)[0].severity, 'warning');
  // the same in one check: the partners given to check()
  const one = engine.check(m.text, { path: GU }, input);
  assert.equal(crossFindings(one).length, 1);
  // a suppression comment in the report checked
  const quiet = `<!-- suanpan-disable-file department-units -->\n${m.text}`;
  const q = engine.check(quiet, { path: GU });
  const qx = engine.crossCheck(q, { partners: [input.partners[0], engine.crossEntry(q)] });
  assert.equal(qx.cross!.relations.filter((x) => !x.ok).length, 1, 'the relation fails …');
  assert.deepEqual(crossFindings(qx), [], '… and its finding is suppressed');
});

const deptOf = (total: string) => `---
单位: 示例局
年度: 2025
类型: 部门预算
---

# 示例局2025年部门预算

## 一、部门机构设置

示例局部门预算是包括本部以及下属1家预算单位的综合收支计划，具体包括：

1. 示例局（本部）。
2. 示例中心。
3. 示例服务站不单列预算，并入本部。

## 二、部门预算编制说明

2025年，示例局收入预算${total}万元。机关运行经费预算为30.00万元。
`;
const unitOf = (name: string, total: string, jgyx: string) => `---
单位: ${name}
年度: 2025
类型: 单位预算
---

# ${name}2025年单位预算

## 一、单位预算编制说明

2025年，${name}收入预算${total}万元。机关运行经费预算为${jgyx}万元。
`;

test('a department and all its units: the department = Σ units; a unit = the department less the others', () => {
  const docs = [
    { path: '/ws/dept.md', text: deptOf('300.00') },
    { path: '/ws/own.md', text: unitOf('示例局', '200.00', '30.00') },
    { path: '/ws/centre.md', text: unitOf('示例中心', '100.00', '0.00') },
  ];
  const rs = crossCheckAll(docs);
  assert.deepEqual(rs.get('/ws/dept.md')!.cross!.entry.identity.units, ['示例局', '示例中心']);
  assert.deepEqual(
    rs.get('/ws/dept.md')!.cross!.relations.map((r) => [r.how, r.here.key, r.ok]),
    [
      ['sum', 'all.收入总计', true],
      ['sum', 'jgyx.机关运行经费', true],
    ],
  );
  for (const p of ['/ws/own.md', '/ws/centre.md']) {
    assert.deepEqual(kinds(rs.get(p)!), { 'department-units': 2 }, p);
    assert.deepEqual(crossFindings(rs.get(p)!), []);
  }
  // one unit's total changed: caught on it (the department less the other unit), and on the department's total
  docs[2] = { path: '/ws/centre.md', text: unitOf('示例中心', '110.00', '0.00') };
  const bad = crossCheckAll(docs);
  const unit = caught(bad.get('/ws/centre.md')!, 'department-units', '110.00', '/ws/dept.md', /300\.00万元/);
  assert.equal(unit.expected, '100.00万元');
  assert.equal(unit.formula, '300 − 200 = 100.00万元');
  const dept = caught(bad.get('/ws/dept.md')!, 'department-units', '300.00', '/ws/centre.md', /110\.00万元/);
  assert.equal(dept.expected, '310.00万元');
  assert.match(dept.message, /各单位报告之和 310\.00万元/);
  // the other unit is checked too: the department less the changed unit gives 190, not its 200
  caught(bad.get('/ws/own.md')!, 'department-units', '200.00', '/ws/dept.md', /300\.00万元/);
  // a unit missing: no sum is formed
  const partial = crossCheckAll([docs[0], docs[1]]);
  assert.deepEqual(kinds(partial.get('/ws/dept.md')!), {});
});
