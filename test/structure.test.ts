/**
 * Layout profiles and the 绩效自评表: the profile each report is checked against (named or
 * detected) and its structure found complete; the seed's four self-evaluation tables read the
 * same from Markdown and from the plain-text export, their sums holding; hovers on the title
 * and on a score; a workspace profile; the model fed from another source; the CLI flag.
 */
import { EngineCaches } from '../server/src/engine/caches';
import { piecesOf } from '../server/src/engine/read/pieces';
import { evaluateRelations } from '../server/src/engine/relations/evaluate';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, hoverAt } from '../server/src/engine';
import { run as cli } from '../server/src/cli/main';
import { BUILTIN_PROFILES, parseProfile, ProfileError } from '../server/src/engine/structure/profile';
import { allMatches } from '../server/src/engine/structure/structure';
import { perfTablesOf, buildPerfTable, type PCell, type PerfTable } from '../server/src/engine/facts/perf-table';
import { perfStageOf } from '../server/src/engine/facts/perf-sheet';
import { RULES } from '../server/src/engine/rules';
import { reporter, type Ctx } from '../server/src/engine/rules/context';
import type { Finding } from '../server/src/engine/types';
import { CORPUS, SEED_MD, SEED_TXT, brief, perfView, read, run } from './helpers';

const STRUCTURE_RULES = [
  'missing-section',
  'missing-table',
  'missing-glossary',
  'section-order',
  'duplicate-section',
  'numbering',
  'empty-statement',
  'year-consistency',
  'layout-profile',
];

const REPORTS: Array<[string, string, string]> = [
  ['seed Markdown', SEED_MD, 'xinjiang-2024-final'],
  ['seed plain text', SEED_TXT, 'xinjiang-2024-final'],
  ['Shanghai planning', join(CORPUS, 'shanghai-putuo-planning-2024-final.txt'), 'shanghai-2024-final'],
  ['Shanghai social work', join(CORPUS, 'shanghai-putuo-social-work-2024-final.txt'), 'shanghai-2024-final'],
  ['Shanghai template', join(CORPUS, 'shanghai-2024-final-accounts-template.txt'), 'shanghai-2024-final'],
  ['Shanghai budget', join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt'), 'shanghai-2024-budget'],
];

for (const [name, path, profile] of REPORTS) {
  test(`${name}: checked against ${profile}, every required part, section and table found`, () => {
    const text = read(path);
    const r = run(text, path);
    const a = r.structure?.analysis;
    assert.ok(a, 'a profile is chosen');
    assert.equal(a!.profile.id, profile);
    const missing = [...allMatches(a!)]
      .filter((m) => m.item.required && !m.anchor && !m.implicit)
      .map((m) => m.item.title);
    assert.deepEqual(missing, []);
    assert.deepEqual(a!.outOfOrder, []);
    assert.deepEqual(a!.duplicates, []);
    // no false structure finding (the one real empty-table slip of the budget is in corpus.test.ts)
    const structural = r.findings.filter((f) => STRUCTURE_RULES.includes(f.rule)).map((f) => brief(text, f));
    assert.deepEqual(
      structural,
      profile === 'shanghai-2024-budget'
        ? ['empty-statement error 795:1 注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。']
        : [],
    );
  });
}

test('the built-in profiles: the four the layouts need, each valid', () => {
  const ids = BUILTIN_PROFILES.map((p) => p.id);
  for (const id of ['xinjiang-2024-final', 'shanghai-2024-final', 'national-final', 'basic-budget'])
    assert.ok(ids.includes(id), id);
  const xj = BUILTIN_PROFILES.find((p) => p.id === 'xinjiang-2024-final')!;
  assert.deepEqual(
    xj.parts.map((p) => p.title),
    ['单位概况', '部门决算情况说明', '专业名词解释', '部门决算报表'],
  );
  assert.equal(xj.parts[1].children.length, 12);
  assert.equal(xj.parts[3].tables.length, 9);
  assert.throws(() => parseProfile({ id: 'x' }), ProfileError);
  assert.throws(
    () =>
      parseProfile({
        id: 'x',
        parts: [{ title: 'a', sections: [{ title: 'b', empty: { statement: 's', markers: ['('] } }] }],
      }),
    ProfileError,
  );
});

test('Shanghai template: its instructions, placeholders and alternatives are template leftovers', () => {
  const path = join(CORPUS, 'shanghai-2024-final-accounts-template.txt');
  const r = run(read(path), path);
  const left = r.findings.filter((f) => f.rule === 'template-leftover');
  assert.ok(left.length >= 40, String(left.length));
  for (const w of ['（如持平作持平表述）', '（不涉及的不列）', '作下述说明', '列明', '大于（小于）', '。。', 'XX']) {
    assert.ok(
      left.some((f) => f.message.includes(w)),
      w,
    );
  }
  // the placeholders of running prose are the malformed rule's, never reported twice
  const spans = new Set(r.findings.filter((f) => f.rule === 'malformed').map((f) => `${f.span.start}:${f.span.end}`));
  assert.ok(left.every((f) => !spans.has(`${f.span.start}:${f.span.end}`)));
});

test("the seed's 绩效自评表 read alike from Markdown and plain text; weights, totals and funds hold", () => {
  const views = [SEED_MD, SEED_TXT].map((p) => {
    const r = run(read(p), p);
    return perfView(perfTablesOf(r.doc));
  });
  assert.deepEqual(views[0], [
    {
      kind: 'unit',
      name: '昌吉回族自治州人民政府驻北京联络处',
      weights: 100,
      scores: 100,
      total: undefined,
      start: '342.31',
      year: '455.15',
    },
    {
      kind: 'project',
      name: '土地征收咨询服务费项目',
      weights: 100,
      scores: 100,
      total: '100.00分',
      start: '10.44',
      year: '10.44',
    },
    {
      kind: 'project',
      name: '机构运行保障经费',
      weights: 100,
      scores: 100,
      total: '100.00分',
      start: '110.00',
      year: '88.71',
    },
    {
      kind: 'project',
      name: '机构运行补助经费',
      weights: 100,
      scores: 90,
      total: '90.00分',
      start: '72.00',
      year: '72.00',
    },
  ]);
  if (views[1]) assert.deepEqual(views[1], views[0]);
  // 10.44 + 88.71 + 72.00 = 171.15, as the prose says; the 300% row scored 0 carries its reason
  assert.equal(
    views[0].slice(1).reduce((a, x) => a + Math.round(Number(x.year) * 100), 0),
    17115,
  );
  const r = run(read(SEED_MD), SEED_MD);
  assert.deepEqual(
    r.findings.filter((f) => f.rule.startsWith('perf-')),
    [],
  );
});

test('hover: the title shows the profile; a score shows its 分值, 完成率 and how it follows', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD);
  const title = hoverAt(r, text.indexOf('昌吉回族自治州人民政府驻北京联络处2024年度部门决算公开说明') + 2)!;
  assert.match(title.markdown, /xinjiang-2024-final/);
  assert.match(title.markdown, /前言「模板」指定/);
  const sec = hoverAt(r, text.indexOf('七、政府性基金') + 2)!;
  assert.match(sec.markdown, /部门决算情况说明 › 政府性基金预算财政拨款收入支出决算情况说明/);
  const row = text.indexOf('| >=1台 | =3台 | 300% | 0 |');
  const score = hoverAt(r, row + '| >=1台 | =3台 | 300% | '.length)!;
  assert.equal(text.slice(score.span.start, score.span.end), '0');
  assert.match(score.markdown, /分值: 10/);
  assert.match(score.markdown, /3 ÷ 1 = 300\.00%/);
  assert.match(score.markdown, /10 × min\(300%, 100%\) = 10/);
  assert.match(score.markdown, /扣分已说明原因/);
  const total = hoverAt(r, text.indexOf('| 90.00分') + 3)!;
  assert.match(total.markdown, /10 \+ 0 \+ 10 \+ 10 \+ 10 \+ 7 \+ 7 \+ 6 \+ 20 \+ 10 = 90 ✓/);
  const en = hoverAt(
    run(text, SEED_MD, { lang: 'en' }),
    text.indexOf('昌吉回族自治州人民政府驻北京联络处2024年度部门决算公开说明') + 2,
    'en',
  )!;
  assert.match(en.markdown, /Layout: \*\*Xinjiang 2024 final-accounts disclosure\*\*/);
  const t = read(SEED_TXT);
  const rt = run(t, SEED_TXT);
  assert.match(
    hoverAt(rt, t.indexOf('2024年度部门决算公开说明') + 2)!.markdown,
    /xinjiang-2024-final.*按标题、部分名称和表目识别/s,
  );
});

test('an unknown 模板 is reported, with the detected profile as the fix', () => {
  const text = read(SEED_MD).replace('模板: xinjiang-2024-final', '模板: xinjiang-2023');
  const r = run(text, SEED_MD);
  const f = r.findings.find((x) => x.rule === 'layout-profile')!;
  assert.ok(f);
  assert.equal(text.slice(f.span.start, f.span.end), 'xinjiang-2023');
  assert.equal(f.fixes[0].edits[0].newText, 'xinjiang-2024-final');
  assert.equal(r.structure?.analysis?.profile.id, 'xinjiang-2024-final');
});

test('a workspace profile: it replaces a built-in one of its id, or adds a layout; an invalid one is reported', () => {
  const text = read(SEED_MD);
  // a team's stricter layout: 十三、审计整改情况 required after 十二
  const mine = {
    id: 'team-final',
    name: '我们的决算布局',
    kinds: ['部门决算'],
    parts: [
      { title: '单位概况', sections: [{ title: '主要职能' }, { title: '机构设置及人员情况' }] },
      {
        title: '部门决算情况说明',
        sections: [
          { title: '收入支出决算总体情况说明' },
          { title: '审计整改情况', skeleton: '本单位本年度无审计整改事项。' },
        ],
      },
    ],
  };
  const r = check(text.replace('模板: xinjiang-2024-final', '模板: team-final'), { path: SEED_MD, profiles: [mine] });
  assert.equal(r.structure?.analysis?.profile.id, 'team-final');
  assert.equal(r.structure?.analysis?.profile.source, 'workspace');
  const miss = r.findings.filter((f) => f.rule === 'missing-section');
  assert.equal(miss.length, 1);
  assert.match(miss[0].message, /审计整改情况/);
  assert.match(miss[0].fixes[0].edits[0].newText, /本单位本年度无审计整改事项。/);
  const bad = check(text, { path: SEED_MD, profiles: [{ id: 'broken' }] });
  assert.ok(bad.findings.some((f) => f.rule === 'layout-profile' && /broken/.test(f.message)));
  assert.equal(bad.structure?.analysis?.profile.id, 'xinjiang-2024-final');
});

test('sections are matched by title, not by number: a renumbered, reworded section is still found', () => {
  const text = read(SEED_MD).replace('### 三、支出决算情况说明', '### 三、支出决算说明');
  const r = run(text, SEED_MD);
  assert.deepEqual(
    r.findings.filter((f) => STRUCTURE_RULES.includes(f.rule)),
    [],
  );
});

test('the 绩效自评表 model can come from another source (a reader setting ReportDoc.perfTables)', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD);
  const c = (s: string): PCell => {
    const i = text.indexOf(s);
    return { text: s, span: { start: i, end: i + s.length } };
  };
  const rows: PCell[][] = [
    [c('项目资金（万元）'), c('年初预算数'), c('全年预算数'), c('全年执行数'), c('分值'), c('执行率'), c('得分')],
    [c('年度资金总额'), c('10.44'), c('10.44'), c('10.44'), c('10'), c('100.00%'), c('10.00')],
    [
      c('一级指标'),
      c('三级指标'),
      c('分值'),
      c('目标值'),
      c('实际值'),
      c('完成率'),
      c('得分'),
      c('偏差原因分析及改进措施'),
    ],
    [c('产出指标'), c('委托业务'), c('90'), c('>=2次'), c('=1次'), c('50%'), c('90'), c('受托人满意度')],
  ];
  const table = buildPerfTable(c('项目支出绩效自评表(2024年度)'), rows, { start: 0, end: text.length }) as PerfTable;
  assert.equal(table.kind, 'project');
  const doc = { ...r.doc, perfTables: [table] };
  const ctx: Ctx = {
    doc,
    docs: [doc],
    ex: r.extraction,
    net: r.network,
    relations: evaluateRelations(r.network),
    structure: r.structure,
    perf: perfStageOf(doc, r.structure?.analysis?.profile.performance),
    pieces: () => piecesOf(doc),
    cross: () => undefined,
    lang: 'zh-CN',
    caches: new EngineCaches(),
    limits: { skipped: [], budgetMs: 10_000 },
  };
  const found: Finding[] = [];
  for (const rule of RULES.filter((x) => x.id.startsWith('perf-'))) rule.check(ctx, reporter(ctx, rule, found));
  // 50% of 90 is 45, not 90
  const f = found.find((x) => x.rule === 'perf-score');
  assert.ok(f, found.map((x) => x.message).join('\n'));
  assert.equal(f!.expected, '45');
});

test('completion: ≤ targets invert, amounts convert between 元 and 万元, over 100% may be written as 100%', async () => {
  const { completionOf, measureOf } = await import('../server/src/engine/facts/perf-cells');
  const m = (s: string) => measureOf({ text: s, span: { start: 0, end: 0 } })!;
  const pct = (x: ReturnType<typeof completionOf>) =>
    typeof x === 'object' ? x.value.times(100).toFixed(2) : String(x);
  assert.equal(pct(completionOf(m('<=10万元'), m('=8万元'))), '125.00');
  assert.equal(pct(completionOf(m('≥95%'), m('100%'))), '105.26');
  assert.equal(pct(completionOf(m('>=1万元'), m('=5000元'))), '50.00');
  assert.equal(completionOf(m('>=3台'), m('=3个')), 'units');
  const text = read(SEED_MD).replace(
    '| >=12次 | =12次 | 100% | 10 | 计划标准 | 12次 |',
    '| >=12次 | =24次 | 100% | 10 | 计划标准 | 12次 |',
  );
  assert.deepEqual(
    run(text, SEED_MD).findings.filter((f) => f.rule.startsWith('perf-')),
    [],
    '200% written as 100% is accepted',
  );
});

test('CLI: --profile adds a layout profile; an invalid one is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-profile-'));
  const good = join(dir, 'team.yaml');
  writeFileSync(
    good,
    'id: team-final\nkinds: [部门决算]\nparts:\n' +
      '  - title: 单位概况\n  - title: 部门决算情况说明\n    sections:\n      - title: 审计整改情况\n',
  );
  const report = join(dir, 'r.md');
  writeFileSync(report, read(SEED_MD).replace('模板: xinjiang-2024-final', '模板: team-final'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
  const code = cli(['check', report, '--profile', good, '--format', 'json'], io);
  assert.equal(code, 1, err.join('\n'));
  assert.match(out.join('\n'), /审计整改情况/);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'id: x\n');
  assert.equal(cli(['check', report, '--profile', bad], io), 2);
  assert.match(err.join('\n'), /invalid layout profile/);
});

test('a detected profile that fits only loosely (another layout) is not held against the report', () => {
  const seed = read(SEED_MD).replace('模板: xinjiang-2024-final\n', '');
  // keep 一、二、三 and 十一、十二 of 第二部分: a layout with other sections in between
  const from = seed.indexOf('### 四、财政拨款收入支出决算总体情况说明');
  const to = seed.indexOf('### 十一、预算绩效的情况说明');
  const text = seed.slice(0, from) + seed.slice(to);
  const r = run(text, SEED_MD);
  assert.equal(r.structure?.analysis?.profile.id, 'xinjiang-2024-final');
  assert.equal(r.structure?.analysis?.confident, false);
  assert.deepEqual(
    r.findings.filter((f) =>
      ['missing-section', 'missing-table', 'missing-glossary', 'section-order'].includes(f.rule),
    ),
    [],
  );
  // named in the front matter, the same report is held to it
  const named = run(text.replace('类型: 部门决算\n', '类型: 部门决算\n模板: xinjiang-2024-final\n'), SEED_MD);
  assert.ok(named.findings.filter((f) => f.rule === 'missing-section').length >= 7);
});

test('years: comparisons, plans for the next year and dates of events are no slips', () => {
  const seed = read(SEED_MD);
  const text = seed.replace(
    '具体附整体支出绩效自评表',
    '2025年，本单位将继续加强绩效管理。2023年12月，本单位完成了设备采购。与2023年度相比，支出有所减少。具体附整体支出绩效自评表',
  );
  assert.deepEqual(
    run(text, SEED_MD).findings.filter((f) => f.rule === 'year-consistency'),
    [],
  );
  const slip = seed.replace('具体附整体支出绩效自评表', '2023年度本单位预算绩效管理取得成效。具体附整体支出绩效自评表');
  const f = run(slip, SEED_MD).findings.filter((x) => x.rule === 'year-consistency');
  assert.equal(f.length, 1);
  assert.equal(f[0].expected, '2024');
});

test('a 自评表 left untouched while the text above it changes: its findings move with it', () => {
  const row = '| 维修（护）费 | 7 | <=15万元 | =15万元 | 100% | 7 |';
  const bad = read(SEED_MD).replace(row, row.replace('100% | 7 |', '100% | 9 |'));
  for (const text of [
    bad,
    bad.replace('### 一、主要职能\n', '### 一、主要职能\n\n新增一段说明，两行。\n第二行。\n'),
    bad,
  ]) {
    const r = run(text, SEED_MD);
    const f = r.findings.filter((x) => x.rule === 'perf-score-range');
    assert.equal(f.length, 1);
    assert.equal(text.slice(f[0].span.start, f[0].span.end), '9');
    const line = text.slice(0, f[0].span.start).split('\n').length - 1;
    assert.equal(f[0].range.start.line, line);
    assert.equal(text.slice(f[0].fixes[0].edits[0].span.start, f[0].fixes[0].edits[0].span.end), '9');
    assert.equal(f[0].related[0].range.start.line, line);
  }
});

/** A complete report in a profile's layout, in Markdown: every part, section, table and term. */
function skeleton(p: (typeof BUILTIN_PROFILES)[number], named: boolean): string {
  const cn = (n: number) =>
    ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'][
      n
    ];
  const fill = (s: string) =>
    s
      .replace(/\{unit\}/g, '测试单位')
      .replace(/\{year\}/g, '2024')
      .replace(/\{prevYear\}/g, '2023');
  const kind = p.kinds[0] ?? '部门决算';
  const out = [
    '---',
    '单位: 测试单位',
    '年度: 2024',
    `类型: ${kind}`,
    ...(named ? [`模板: ${p.id}`] : []),
    '---',
    '',
    `# 测试单位2024年度${kind}公开说明`,
    '',
  ];
  const body = (it: (typeof p.parts)[number]) => (it.empty ? fill(it.empty.statement) : '本节内容从略。');
  p.parts.forEach((part, i) => {
    out.push(`## 第${cn(i + 1)}部分 ${part.title}`, '');
    part.children.forEach((s, j) => {
      out.push(`### ${cn(j + 1)}、${s.title}`, '', body(s), '');
      s.children.forEach((c, k) => out.push(`#### （${cn(k + 1)}）${c.title}`, '', body(c), ''));
    });
    part.tables.forEach((t, j) => {
      if (part.inlineTables)
        out.push(
          `#### ${t.title}`,
          '',
          '| 项目 | 金额 |',
          '| --- | --- |',
          '| 合计 |  |',
          '',
          ...(t.empty ? [fill(t.empty.statement), ''] : []),
        );
      else out.push(`${cn(j + 1)}、《${t.title}》`, '');
    });
    part.glossary.forEach((g, j) => out.push(`${cn(j + 1)}、${g.term}：${g.definition ?? '指……'}`, ''));
  });
  return out.join('\n');
}

for (const p of BUILTIN_PROFILES) {
  test(`profile ${p.id}: a complete report in its layout is found complete, and detected as it`, () => {
    const text = skeleton(p, true);
    const r = run(text, 'skeleton.md');
    assert.equal(r.structure?.analysis?.profile.id, p.id);
    const found = r.findings.filter((f) => STRUCTURE_RULES.includes(f.rule) || f.rule === 'template-leftover');
    assert.deepEqual(
      found.map((f) => `${f.rule} ${text.slice(f.span.start, f.span.end)} ${f.message}`),
      [],
    );
    const detected = run(skeleton(p, false), 'skeleton.md');
    assert.equal(detected.structure?.analysis?.profile.id, p.id, 'detected from its headings');
  });
}
