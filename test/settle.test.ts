/**
 * Issue 9, "certain must mean certain": applying the certain fixes reaches a fixed point. A
 * certain value fix replaces the figure at fault (never an empty span), and a fix after which
 * the same figure gets a certain fix again did not settle: it is held back as a suggestion.
 * Each reproducer is small and made here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, settle, type CheckResult, type FixTexts } from '../server/src/engine';
import { fixAllToFixpoint } from '../server/src/engine/features/fix-all';
import type { Finding, Fix } from '../server/src/engine/types';

const HEAD = ['---', '类型: 部门决算', '年度: 2024', '---', '', '# 2024年度部门决算', ''].join('\n');

/** No certain fix inserts at an empty span or rewrites a span with what is already there. */
function assertReplacing(r: CheckResult, texts: FixTexts): void {
  for (const f of r.findings)
    for (const x of f.fixes.filter((x) => x.certain))
      for (const e of x.edits) {
        const src = e.path ? texts.files.get(e.path)! : texts.text;
        assert.ok(e.span.end > e.span.start, `${f.rule}: a certain fix inserting at ${e.span.start} (${f.message})`);
        assert.notEqual(src.slice(e.span.start, e.span.end), e.newText, `${f.rule}: a certain fix changing nothing`);
      }
}

/** Settles the texts with the engine's check (linked files from `texts`) and asserts a fixed point. */
function settled(texts: FixTexts, path: string) {
  const run = (t: FixTexts) => check(t.text, { path, readFile: (p) => t.files.get(p) });
  const first = run(texts);
  assertReplacing(first, texts);
  const s = settle(first, texts, (t) => {
    const r = run(t);
    assertReplacing(r, t);
    return r;
  });
  assert.ok(s.settled, 'no certain fix is left');
  assert.deepEqual(
    s.held.map((h) => h.finding.message),
    [],
    'no fix had to be held back: each certain fix settles',
  );
  return { first, s };
}

test('a YAML row whose 合计 key is broken (合&: 0.05): the blank figure gets no certain fix, nothing is inserted', () => {
  const yaml = [
    '表:',
    '  - 名称: 一般公共预算财政拨款支出决算表',
    '    行:',
    '      - { 科目编码: "21011", 科目名称: 行政事业单位医疗, 合计: 7.61, 基本支出: 7.61, 项目支出: 0.00 }',
    '      - { 科目编码: "2101102", 科目名称: 事业单位医疗, 合计: 7.12, 基本支出: 7.12, 项目支出: 0.00 }',
    '      - { 科目编码: "2101103", 科目名称: 公务员医疗补助, 合计: 0.44, 基本支出: 0.44, 项目支出: 0.00 }',
    '      - { 科目编码: "2101199", 科目名称: 其他行政事业单位医疗支出, 合&: 0.05, 基本支出: 0.05, 项目支出: 0.00 }',
    '',
  ].join('\n');
  const { first, s } = settled({ text: yaml, files: new Map() }, 'tables.yaml');
  assert.ok(
    first.findings.some((f) => f.rule === 'sum' && f.fixes.length && !f.fixes[0].certain),
    'the failing sum is still reported, its fix a suggestion',
  );
  assert.equal(s.texts.text, yaml, 'nothing certain to apply');
});

test('基本支出:９27.83 in YAML (a full-width digit after the colon): no certain fix inserts at the lost cell', () => {
  const yaml = [
    '表:',
    '  - 名称: 一般公共预算财政拨款支出决算表',
    '    行:',
    '      - { 科目编码: "208", 科目名称: 社会保障和就业支出, 合计: 27.83, 基本支出:９27.83, 项目支出: 0.00 }',
    '      - { 科目编码: "20805", 科目名称: 行政事业单位养老支出, 合计: 27.83, 基本支出: 27.83, 项目支出: 0.00 }',
    '',
  ].join('\n');
  const { s } = settled({ text: yaml, files: new Map() }, 'tables.yaml');
  assert.equal(s.texts.text, yaml);
});

test('a linked tables.yaml with a broken 公务用车运行维护费 key: --fix does not insert 4.80 round after round', () => {
  const yaml = [
    '表:',
    '  - 名称: 财政拨款“三公”经费支出决算表',
    '    单位: 万元',
    '    行:',
    '      - { 项目: 决算数, 合计: 4.96, 因公出国（境）费: 0.00, 公务用车购置及运行维护费: 4.80, 公务用车购置费: 0.00, ' +
      '公务用车运行维护费:４.80, 公务接待费: 0.16 }',
    '',
  ].join('\n');
  const report = ['---', '类型: 部门决算', '年度: 2024', '数据: tables.yaml', '---', '', '# 2024年度部门决算', ''].join(
    '\n',
  );
  const { s } = settled({ text: report, files: new Map([['/w/tables.yaml', yaml]]) }, '/w/report.md');
  assert.equal(s.texts.files.get('/w/tables.yaml'), yaml);
});

test('a 自评表 row with a negative actual value: no completion or score fix flips its sign back and forth', () => {
  const cells = [
    '项目支出绩效自评表',
    '',
    '一级指标',
    '二级指标',
    '三级指标',
    '权重',
    '目标值',
    '业绩值',
    '完成率',
    '指标得分',
    '指标值设定依据',
    '上年完成情况',
    '赋分规则',
    '佐证资料',
    '偏差原因分析及改进措施',
    '',
    '',
    '成本指标',
    '经济成本指标',
    '维修（护）费',
    '7',
    '<=15万元',
    '=-15万元',
    '100%',
    '7',
    '计划标准',
    '15',
    '按照完成比例赋分',
    '原始凭证',
    '',
  ];
  const text = '\n' + cells.map((c) => `\t${c}`).join('\n') + '\n';
  const { s } = settled({ text, files: new Map() }, 'r.txt');
  assert.ok(!/-100|-7/.test(s.texts.text.replace('=-15', '')), 'no negative rate or score written');
});

test('a 自评表 in Markdown with a negative target (>=-2次): the score is not flipped between -20 and 0', () => {
  const text = [
    '##### 单位整体支出绩效自评表（2024年度）',
    '| 一级指标 | 二级指标 | 三级指标 | 预期指标值 | 指标值设定依据 | 分值权重 | 实际完成指标值 | 得分 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    '|  |  | 不断推介昌吉州特色产品知名度 | >=-2次 | 《通知》 | 20 | 2次 | 20 |',
    '',
  ].join('\n');
  const { s } = settled({ text, files: new Map() }, 'r.md');
  assert.equal(s.texts.text, text, 'a completion of a negative target is not computed: nothing to fix');
});

test('a share typo 1.55% whose restored 9.55% is truncated: the fix writes 9.56% at once, not in two rounds', () => {
  const text =
    '#### （一）一般公共预算财政拨款支出决算结构情况\n一般公共预算财政拨款支出307.82万元，主要用于以下方面：' +
    '一般公共服务支出（类）264.87万元，占86.05%；社会保障和就业支出（类）10.82万元，占3.52%；' +
    '卫生健康支出（类）2.71万元，占0.88%；住房保障支出（类）29.42万元，占1.55%。\n';
  const { first, s } = settled({ text, files: new Map() }, 'r.md');
  const share = first.findings.find((f) => f.rule === 'share' && f.fixes[0]?.certain);
  assert.equal(share?.fixes[0].edits[0].newText, '9.56', 'the value every relation holds at, not the truncated one');
  assert.ok(s.texts.text.includes('占9.56%'));
});

/** A 项目支出绩效自评表 in Markdown whose execution-rate row has weight `weight` and score 10.00. */
const fundTable = (weight: string) =>
  [
    '##### 项目支出绩效自评表(2024年度)',
    '| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| 年度资金总额 | 10.44 | 10.44 | 10.44 | ${weight} | 100.00% | 10.00 |`,
    '|  | 一级指标 | 二级指标 | 三级指标 | 权重 | 目标值 | 业绩值 | 完成率 | 指标得分 | 指标值设定依据 | 上年完成情况 | ' +
      '赋分规则 | 佐证资料 | 偏差原因分析及改进措施 |',
    '| 年度绩效指标完成情况 | 产出指标 | 数量指标 | 办理土地面积（亩） | 10 | =8.97亩 | =8.97亩 | 100% | 10 | 计划标准 | / | ' +
      '按照完成比例赋分 | 工作资料 |  |',
    '|  |  |  | 委托业务 | 10 | >=1次 | =1次 | 100% | 10 | 计划标准 | / | 按照完成比例赋分 | 工作资料 |  |',
    '|  |  | 质量指标 | 合格率 | 10 | =100% | =100% | 100% | 10 | 计划标准 | / | 按照完成比例赋分 | 原始凭证 |  |',
    '|  |  | 时效指标 | 项目完成时间 | 10 | 2024年10月31日 | =2024年10月31日 | 100% | 10 | 计划标准 | / | 直接赋分 | 工作资料 |  |',
    '|  | 成本指标 | 经济成本指标 | 委托费用（次） | 20 | <=10.44万元/次 | =10.44万元/次 | 100% | 20 | 计划标准 | / | ' +
      '按照完成比例赋分 | 原始凭证 |  |',
    '|  | 效益指标 | 社会效益指标 | 保障国有资产保值 | 20 | 有效保障 | 达到预期指标 | 100% | 20 | 计划标准 | / | ' +
      '按评判等级赋分 | 工作资料 |  |',
    '|  | 满意度指标 | 满意度指标 | 委托人满意度 | 10 | >=95% | =100% | 105.26% | 10 | 计划标准 | / | 满意度赋分 | ' +
      '工作资料 | 满意。 |',
    '',
  ].join('\n');

test('the weights add up to 106 and the execution score is full against 10: the weight is fixed, not the score', () => {
  const text = fundTable('16');
  const { first, s } = settled({ text, files: new Map() }, 'r.md');
  assert.deepEqual(
    first.findings.filter((f) => f.fixes[0]?.certain).map((f) => f.rule),
    ['perf-weights'],
    'one certain fix: the weight',
  );
  assert.ok(s.texts.text.includes('| 10.44 | 10 | 100.00% | 10.00 |'), 'the weight 16 → 10, the score kept');
});

test('a 自评表 score of -6 (a sign typo) gets its proportional score 6 at once, not 0 and then 6', () => {
  const head = ['项目支出绩效自评表', '', '一级指标', '二级指标', '三级指标', '权重', '目标值', '业绩值', '完成率'];
  head.push('指标得分', '指标值设定依据', '上年完成情况', '赋分规则', '原始凭证', '');
  const row = ['', '', '', '水电暖等保障运转经费', '6', '<=34.60万元', '=34.6万元', '100%', '-6', '计划标准', '34.6'];
  row.push('按照完成比例赋分', '原始凭证', '');
  const tab = (cs: string[]) => cs.map((c) => `\t${c}`).join('\n');
  const text = '\n' + tab(head) + '\n\n' + tab(row);
  const { first, s } = settled({ text, files: new Map() }, 'r.txt');
  const certainOnes = first.findings.filter((f) => f.fixes[0]?.certain);
  assert.deepEqual(
    certainOnes.map((f) => [f.rule, f.fixes[0].edits[0].newText]),
    [['perf-score', '6']],
  );
  assert.ok(s.texts.text.includes('\t6\n\t计划标准'));
});

test('an execution-rate weight of 1 (a typo of 10), its score full: the weight is fixed, the score not capped', () => {
  const { first, s } = settled({ text: fundTable('1'), files: new Map() }, 'r.md');
  assert.deepEqual(
    first.findings.filter((f) => f.fixes[0]?.certain).map((f) => f.rule),
    ['perf-weights'],
  );
  assert.ok(s.texts.text.includes('| 10.44 | 10 | 100.00% | 10.00 |'));
});

test('a negative execution-rate weight bounds no score: no cap to -10 and back to 10', () => {
  const { first } = settled({ text: fundTable('-10'), files: new Map() }, 'r.md');
  assert.ok(!first.findings.some((f) => f.rule === 'perf-score-range' && f.fixes[0]?.certain));
});

/** A plain-text 自评表 with one indicator row (the cells after its three leading blanks) and its 总分. */
function perfSheet(row: string[]): string {
  const head = ['项目支出绩效自评表', '(2024年度)', '(2024年度)', '二级指标', '三级指标', '权重', '目标值', '业绩值'];
  head.push('完成率', '指标得分', '指标值设定依据', '上年完成情况', '赋分规则', '佐证资料', '偏差原因分析及改进措施');
  const tab = (cs: string[]) => cs.map((c) => `\t${c}`).join('\n');
  return '\n' + tab(head) + '\n\n' + tab(row) + '\n\n' + tab(['总分', '100']);
}

test('a wrong completion (10%) and a score above its weight (17 of 10): capped now, the total certain after', () => {
  const row = ['', '', '', '办公室维修（护）费（次）', '10', '>=7次', '=7次', '10%', '17', '计划标准', '10次'];
  row.push('按照完成比例赋分', '工作资料', '');
  const text = perfSheet(row);
  const { first } = settled({ text, files: new Map() }, 'r.txt');
  const fixes = (rule: string) => first.findings.filter((f) => f.rule === rule).map((f) => f.fixes[0]?.certain);
  assert.deepEqual(fixes('perf-score-range'), [true], 'the score above its weight is capped');
  assert.deepEqual(fixes('perf-total'), [false], 'the total assumes the cap: a suggestion until it is made');
});

// The guard itself, on a check that flips a figure back and forth (as a buggy rule would)
function flipping(): { texts: FixTexts; check: (t: FixTexts) => CheckResult } {
  const at = (text: string) => text.indexOf('x=') + 2;
  const fixOf = (text: string): Fix => {
    const s = at(text);
    const to = text[s] === '1' ? '2' : '1';
    return { title: `to ${to}`, certain: true, edits: [{ span: { start: s, end: s + 1 }, range: RANGE, newText: to }] };
  };
  const findingOf = (text: string): Finding => ({
    rule: 'sum',
    severity: 'error',
    message: 'flip',
    span: { start: at(text), end: at(text) + 1 },
    range: RANGE,
    related: [],
    fixes: [fixOf(text)],
  });
  // y=5 is fixed once, to 6, and then holds
  const other = (text: string): Finding[] => {
    const s = text.indexOf('y=') + 2;
    if (text[s] !== '5') return [];
    const fix: Fix = {
      title: 'to 6',
      certain: true,
      edits: [{ span: { start: s, end: s + 1 }, range: RANGE, newText: '6' }],
    };
    return [{ ...findingOf(text), message: 'once', span: fix.edits[0].span, fixes: [fix] }];
  };
  const check = (t: FixTexts) => ({ findings: [findingOf(t.text), ...other(t.text)] }) as unknown as CheckResult;
  return { texts: { text: 'a x=1 b y=5 c', files: new Map() }, check };
}
const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

test('settle: a fix the next check would flip back is held back and no longer certain; the others apply', () => {
  const { texts, check: run } = flipping();
  let checks = 0;
  const s = settle(run(texts), texts, (t) => (checks++, run(t)));
  assert.equal(s.texts.text, 'a x=1 b y=6 c', 'x stays as written, y is fixed');
  assert.equal(s.held.length, 1, 'one fix held back');
  assert.equal(s.held[0].finding.message, 'flip');
  assert.ok(s.settled, 'a fixed point');
  const x = s.result.findings.find((f) => f.message === 'flip')!;
  assert.equal(x.fixes[0].certain, false, 'the flipping fix is a suggestion in the result');
  assert.ok(checks <= 4, `bounded work: ${checks} checks`);
});

test('settle: the work is bounded by maxChecks whatever the check does', () => {
  let n = 0;
  // every check proposes a new certain fix somewhere else (never settling): at most maxChecks checks
  const run = (t: FixTexts) => {
    const s = t.text.length;
    const fix: Fix = {
      title: 'grow',
      certain: true,
      edits: [{ span: { start: 0, end: 1 }, range: RANGE, newText: 'ab' }],
    };
    return { findings: [{ rule: 'sum', span: { start: 0, end: s }, fixes: [fix] }] } as unknown as CheckResult;
  };
  const s = settle(run({ text: 'a', files: new Map() }), { text: 'a', files: new Map() }, (t) => (n++, run(t)), {
    maxChecks: 6,
  });
  assert.ok(n <= 6, `${n} checks`);
  assert.ok(!s.settled || s.held.length, 'it says it did not settle');
});

test('fix-all in the editor settles the same way: a held-back fix is not applied', () => {
  const text = HEAD + '本年支出合计100.00万元，其中：基本支出60.00万元，项目支出40.00万元。\n';
  const out = fixAllToFixpoint(text, { path: 'r.md' });
  assert.equal(out.text, text, 'a clean report is left as it is');
});

test('a score above its weight (19 of 10), target and actual putting completion at 29%: the cap is not certain', () => {
  // capped to 10 first, then scored 3 from the completion fixed to 29%: the cap did not settle (fuzz seed 4 #539)
  const row = ['', '', '', '保障经费信访工作组', '10', '<=24.15万元', '=84.15万元', '100%', '19', '计划标准', '102.14'];
  row.push('按照完成比例赋分', '原始凭证', '');
  const text = perfSheet(row);
  const { first } = settled({ text, files: new Map() }, 'r.txt');
  const fixes = (rule: string) => first.findings.filter((f) => f.rule === rule).map((f) => f.fixes[0]?.certain);
  assert.deepEqual(fixes('perf-score-range'), [false], 'the score may be anything up to 10: a suggestion');
  assert.deepEqual(fixes('perf-completion'), [true], 'the completion follows from target and actual');
});

test('a 自评表 whose completion rate is wrong: the total is fixed after the score, not before it (fuzz #5749)', () => {
  // 目标值 =900%, 业绩值 =100%: the completion is 11%, not 100%; once it is, the score 10 becomes 1,
  // and the total 100 becomes 1. A total fixed at once to the sum as it stood (10) was fixed again
  const text = [
    HEAD,
    '##### 项目支出绩效自评表(2024年度)',
    '',
    '| 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 完成率 | 得分 | 赋分规则 | 偏差原因分析 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    '| 产出指标 | 质量指标 | 完成勘界工作合格率 | 10 | =900% | =100% | 100% | 10 | 按照完成比例赋分 |  |',
    '| 总分 |  |  | 100 |  |  |  | 100 |  |  |',
    '',
  ].join('\n');
  const { first, s } = settled({ text, files: new Map() }, 'r.md');
  const total = first.findings.find((f) => f.rule === 'perf-total');
  assert.ok(total, 'the total is reported');
  assert.ok(!total.fixes[0].certain, 'its fix waits for the completion rate and the score');
  assert.ok(s.texts.text.includes('| 总分 |  |  | 100 |  |  |  | 1 |'), 'the total settles on the fixed score');
});

test('an execution-rate score above its weight, the rate wrong: the cap is no certain fix (fuzz #33978)', () => {
  // 22.00 ÷ 72.00 is 30.56%, not 100.50%: once the rate is right its score is 10 × 30.56% = 3.06, so
  // capping 70.00 at 10.00 at once was fixed again
  const text = [
    HEAD,
    '##### 项目支出绩效自评表(2024年度)',
    '| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    '| 年度资金总额 | 72.00 | 72.00 | 22.00 | 10 | 100.50% | 70.00 |',
    '',
  ].join('\n');
  const { first } = settled({ text, files: new Map() }, 'r.md');
  const cap = first.findings.find((f) => f.rule === 'perf-score-range');
  assert.ok(cap, 'the score out of range is reported');
  assert.ok(!cap.fixes[0].certain, 'its cap is a suggestion');
});

test('a total only truncation explains, that another relation holds with: no certain fix (fuzz #61107)', () => {
  // 184.030 + 271.15 = 455.18 against 455.15; but 支出总计 455.15 = 455.15 + 0.00 + 0.00 holds: rounding
  // 455.15 to 455.18 broke it, and that sum fixed it back
  const text = [
    HEAD,
    '2024年度支出总计455.15万元，其中：本年支出合计455.15万元，结余分配0.00万元，年末结转和结余0.00万元。',
    '本年支出455.15万元，其中：基本支出184.030万元，占40.43%；项目支出271.15万元，占59.57%；' +
      '上缴上级支出0.00万元，占0.00%；经营支出0.00万元，占0.00%；对附属单位补助支出0.00万元，占0.00%。',
    '',
  ].join('\n');
  const { first } = settled({ text, files: new Map() }, 'r.md');
  const sum = first.findings.find((f) => f.rule === 'sum');
  assert.ok(sum, 'the sum is reported');
  assert.equal(sum.fixes.length, 1, 'a fix is offered');
  assert.ok(!sum.fixes[0].certain, 'as a suggestion');
});
