/**
 * Mutations of the structure and of the 绩效自评表, as real slips make them: a section deleted,
 * two sections swapped, a number skipped, a template instruction left in, a wrong year, an
 * empty-table statement dropped, a score above its 分值, weights that do not add up … Each must
 * be caught by the right rule at the right place; its fix, applied (with every certain fix it
 * leads to), must leave the report as clean as the original, with nothing fixable left.
 * Runs on the seed (Markdown and the plain-text export) and on the Shanghai reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyEdits, certainFixes, type Finding } from '../server/src/engine';
import { CORPUS, SEED_MD, SEED_TXT, problems, read, run, mutateAt } from './helpers';

interface Mutation {
  name: string;
  file: 'md' | 'txt' | 'planning' | 'social';
  /** A unique piece of the file around the change. */
  ctx: string;
  from: string;
  to: string;
  rule: string;
  severity?: 'error' | 'warning';
  /**
   * Where the finding must point: 'here' (at the changed text), or the exact text its range
   * covers (a heading, a cell) near the change.
   */
  at: 'here' | string | string[];
  /**
   * restores: the fix gives back the original text; clean: the report re-checks as clean as the
   * original; skeleton: the fix inserts the section with the profile's skeleton sentence, whose
   * XX placeholders are then the only new findings (they are to be filled in); none: no fix can
   * be right.
   */
  fix: 'restores' | 'clean' | 'skeleton' | 'none';
}

const PLANNING = join(CORPUS, 'shanghai-putuo-planning-2024-final.txt');
const SOCIAL = join(CORPUS, 'shanghai-putuo-social-work-2024-final.txt');
const PATHS = { md: SEED_MD, txt: SEED_TXT, planning: PLANNING, social: SOCIAL };

const S7_MD =
  '### 七、政府性基金预算财政拨款收入支出决算情况说明\n\n本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。\n\n';
const S7_TXT =
  '七、政府性基金预算财政拨款收入支出决算情况说明\n本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。\n';
const S8_MD =
  '### 八、国有资本经营预算财政拨款收入支出决算情况说明\n\n本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，国有资本经营预算财政拨款收入支出决算表为空表。\n\n';
const S12_MD = '### 十二、其他需说明的事项\n\n本单位无其他需说明的事项。\n\n';
const EMPTY7 =
  '本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。';

const M: Mutation[] = [
  // required sections and parts
  {
    name: 'a deleted section (七、政府性基金)',
    file: 'md',
    ctx: S7_MD,
    from: S7_MD,
    to: '',
    rule: 'missing-section',
    at: '八、国有资本经营预算财政拨款收入支出决算情况说明',
    fix: 'restores',
  },
  {
    name: 'a deleted section, plain text',
    file: 'txt',
    ctx: S7_TXT,
    from: S7_TXT,
    to: '',
    rule: 'missing-section',
    at: '八、国有资本经营预算财政拨款收入支出决算情况说明',
    fix: 'restores',
  },
  {
    name: 'the last section deleted (十二、其他需说明的事项)',
    file: 'md',
    ctx: S12_MD,
    from: S12_MD,
    to: '',
    rule: 'missing-section',
    at: '第三部分 专业名词解释',
    fix: 'restores',
  },
  {
    name: 'a subsection deleted (（二）政府采购情况)',
    file: 'md',
    ctx:
      '#### （二）政府采购情况\n\n' +
      '2024年度政府采购支出总额99.92万元，其中：政府采购货物支出55.51万元、政府采购工程支出5.97万元、政府采购服务支出38.44万元。\n\n' +
      '授予中小企业合同金额99.92万元，占政府采购支出总额的100.00%，其中：授予小微企业合同金额99.92万元，占政府采购支出总额的100.00%。\n\n',
    from:
      '#### （二）政府采购情况\n\n' +
      '2024年度政府采购支出总额99.92万元，其中：政府采购货物支出55.51万元、政府采购工程支出5.97万元、政府采购服务支出38.44万元。\n\n' +
      '授予中小企业合同金额99.92万元，占政府采购支出总额的100.00%，其中：授予小微企业合同金额99.92万元，占政府采购支出总额的100.00%。\n\n',
    to: '',
    rule: 'missing-section',
    at: '（三）国有资产占用情况说明',
    fix: 'skeleton',
  },
  {
    name: 'a part heading deleted (第三部分 专业名词解释)',
    file: 'md',
    ctx: '## 第三部分 专业名词解释\n\n',
    from: '## 第三部分 专业名词解释\n\n',
    to: '',
    rule: 'missing-section',
    at: '第四部分 部门决算报表（见附表）',
    fix: 'restores',
  },
  {
    name: 'a table missing from the list',
    file: 'md',
    ctx: '五、《一般公共预算财政拨款支出决算表》\n\n',
    from: '五、《一般公共预算财政拨款支出决算表》\n\n',
    to: '',
    rule: 'missing-table',
    at: '六、《一般公共预算财政拨款基本支出决算表》',
    fix: 'restores',
  },
  {
    name: 'a glossary entry deleted',
    file: 'md',
    ctx: '十四、机关运行经费：行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。\n\n',
    from: '十四、机关运行经费：行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。\n\n',
    to: '',
    rule: 'missing-glossary',
    severity: 'warning',
    at: '“三公”经费',
    fix: 'restores',
  },
  {
    name: 'a Shanghai section deleted (八、政府性基金)',
    file: 'planning',
    ctx: '  八、政府性基金预算财政拨款收入支出决算情况说明\n\n  上海市普陀区规划与自然资源局 2024 年度无政府性基金预\n\n算财政拨款收入和支出。\n\n',
    from: '  八、政府性基金预算财政拨款收入支出决算情况说明\n\n  上海市普陀区规划与自然资源局 2024 年度无政府性基金预\n\n算财政拨款收入和支出。\n\n',
    to: '',
    rule: 'missing-section',
    at: '九、国有资本经营预算财政拨款收入支出决算情况说明',
    fix: 'clean',
  },
  // order and duplicates
  {
    name: 'two sections swapped (七 ↔ 八)',
    file: 'md',
    ctx: S7_MD + S8_MD,
    from: S7_MD + S8_MD,
    to: S8_MD + S7_MD,
    rule: 'section-order',
    severity: 'warning',
    at: ['七、政府性基金预算财政拨款收入支出决算情况说明', '八、国有资本经营预算财政拨款收入支出决算情况说明'],
    fix: 'restores',
  },
  {
    name: 'a section repeated',
    file: 'md',
    ctx: S12_MD,
    from: S12_MD,
    to: S12_MD + S12_MD,
    rule: 'duplicate-section',
    severity: 'warning',
    at: '十二、其他需说明的事项',
    fix: 'none',
  },
  // numbering
  {
    name: 'a numbering gap (三、五、)',
    file: 'md',
    ctx: '### 四、财政拨款收入支出决算总体情况说明',
    from: '四、',
    to: '五、',
    rule: 'numbering',
    severity: 'warning',
    at: '五',
    fix: 'restores',
  },
  {
    name: 'a numbering gap, plain text',
    file: 'txt',
    ctx: '四、财政拨款收入支出决算总体情况说明',
    from: '四、',
    to: '五、',
    rule: 'numbering',
    severity: 'warning',
    at: '五',
    fix: 'restores',
  },
  {
    name: 'a numbering repeat (（二）（二）)',
    file: 'md',
    ctx: '#### （三）一般公共预算财政拨款支出决算具体情况',
    from: '（三）',
    to: '（二）',
    rule: 'numbering',
    severity: 'warning',
    at: '二',
    fix: 'restores',
  },
  {
    name: 'numbered paragraphs out of step (1. 2. 5. 4.)',
    file: 'md',
    ctx: '3.卫生健康支出(类)7.61万元',
    from: '3.',
    to: '5.',
    rule: 'numbering',
    severity: 'warning',
    at: '5',
    fix: 'restores',
  },
  {
    name: 'a glossary entry misnumbered',
    file: 'md',
    ctx: '五、附属单位上缴收入：',
    from: '五、',
    to: '六、',
    rule: 'numbering',
    severity: 'warning',
    at: '六',
    fix: 'restores',
  },
  {
    name: 'a Shanghai section misnumbered',
    file: 'planning',
    ctx: '十一、其他重要事项的情况说明\n\n  （一）机关运行经费支出情况',
    from: '十一、',
    to: '十二、',
    rule: 'numbering',
    severity: 'warning',
    at: '十二',
    fix: 'restores',
  },
  // empty-table statements
  {
    name: 'an empty-table statement removed',
    file: 'md',
    ctx: EMPTY7 + '\n\n',
    from: EMPTY7 + '\n\n',
    to: '',
    rule: 'empty-statement',
    severity: 'warning',
    at: '七、政府性基金预算财政拨款收入支出决算情况说明',
    fix: 'restores',
  },
  {
    name: 'an empty-table statement removed, plain text',
    file: 'txt',
    ctx: EMPTY7 + '\n',
    from: EMPTY7 + '\n',
    to: '',
    rule: 'empty-statement',
    severity: 'warning',
    at: '七、政府性基金预算财政拨款收入支出决算情况说明',
    fix: 'restores',
  },
  {
    name: 'an empty statement where the figures are not zero (三公)',
    file: 'md',
    ctx: '2024年度财政拨款“三公”经费支出4.96万元，比上年',
    from: '2024年度财政拨款',
    to: '本单位本年度无财政拨款“三公”经费支出。2024年度财政拨款',
    rule: 'empty-statement',
    at: '本单位本年度无财政拨款“三公”经费支出。',
    fix: 'restores',
  },
  {
    name: 'a Shanghai table statement removed',
    file: 'social',
    ctx: '说明：中共上海市普陀区委社会工作部本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。\n',
    from: '说明：中共上海市普陀区委社会工作部本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。\n',
    to: '',
    rule: 'empty-statement',
    severity: 'warning',
    at: '国有资本经营预算财政拨款收入支出决算表',
    fix: 'clean',
  },
  // template leftovers
  {
    name: 'an instruction left in (（如持平作持平表述）)',
    file: 'md',
    ctx: '本年减少昌吉州人民政府驻北京联络处土地征收成片开发方案编制项目经费、信访工作业务经费。',
    from: '信访工作业务经费。',
    to: '信访工作业务经费。（如持平作持平表述）',
    rule: 'template-leftover',
    severity: 'warning',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'an instruction left in (作下述说明)',
    file: 'md',
    ctx: '\n\n' + EMPTY7,
    from: '\n\n' + EMPTY7,
    to: '\n\n无政府性基金预算财政拨款收入支出的部门，作下述说明：' + EMPTY7,
    rule: 'template-leftover',
    severity: 'warning',
    at: '无政府性基金预算财政拨款收入支出的部门，作下述说明：',
    fix: 'restores',
  },
  {
    name: 'an instruction left in (列明)',
    file: 'md',
    ctx: '单位全年安排的国内公务接待2批次',
    from: '接待2批次',
    to: '接待列明2批次',
    rule: 'template-leftover',
    severity: 'warning',
    at: '列明',
    fix: 'restores',
  },
  {
    name: 'an instruction left in, plain text (（不涉及的不列）)',
    file: 'txt',
    ctx: '其他收入99.15万元，占27.92%。',
    from: '占27.92%。',
    to: '占27.92%。（不涉及的不列）',
    rule: 'template-leftover',
    severity: 'warning',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'a placeholder in a heading (XX局)',
    file: 'md',
    ctx: '### 二、机构设置及人员情况',
    from: '二、机构设置',
    to: '二、XX局机构设置',
    rule: 'template-leftover',
    severity: 'warning',
    at: 'XX',
    fix: 'none',
  },
  {
    name: 'an unfilled alternative (大于（小于）)',
    file: 'md',
    ctx: '导致预算实际执行数大于年初预算数',
    from: '大于年初',
    to: '大于（小于）年初',
    rule: 'template-leftover',
    severity: 'warning',
    at: '大于（小于）',
    fix: 'none',
  },
  // years
  {
    name: 'a heading in another year',
    file: 'md',
    ctx: '##### 单位整体支出绩效自评表（2024年度）',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'the title in another year',
    file: 'md',
    ctx: '# 昌吉回族自治州人民政府驻北京联络处2024年度部门决算公开说明',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  {
    name: '截至 another year',
    file: 'md',
    ctx: '截至2024年12月31日，房屋',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  {
    name: '截至 another year, plain text',
    file: 'txt',
    ctx: '截至2024年12月31日，房屋',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'a sentence opening on another year',
    file: 'md',
    ctx: '2024年度政府采购支出总额99.92万元',
    from: '2024',
    to: '2023',
    rule: 'year-consistency',
    at: 'here',
    fix: 'restores',
  },
  // 绩效自评表
  {
    name: 'a score above its 分值',
    file: 'md',
    ctx: '| 维修（护）费 | 7 | <=15万元 | =15万元 | 100% | 7 |',
    from: '100% | 7 |',
    to: '100% | 9 |',
    rule: 'perf-score-range',
    at: '9',
    fix: 'restores',
  },
  {
    name: 'a score above its 分值, plain text',
    file: 'txt',
    ctx: '\t保障人员数（人）\n\t10\n\t>=3人\n\t=3人\n\t100%\n\t10\n',
    from: '\t100%\n\t10\n',
    to: '\t100%\n\t12\n',
    rule: 'perf-score-range',
    at: '12',
    fix: 'restores',
  },
  {
    name: 'a weight that makes the weights add up to 101',
    file: 'md',
    ctx: '| 劳务费 | 7 | <=22.40万元',
    from: '| 7 |',
    to: '| 8 |',
    rule: 'perf-weights',
    at: '8',
    fix: 'restores',
  },
  {
    name: 'weights not adding up to 100 (the unit table)',
    file: 'md',
    ctx: '| 30 | 12次 | 30 |',
    from: '| 30 | 12次 | 30 |',
    to: '| 35 | 12次 | 35 |',
    rule: 'perf-weights',
    at: '单位整体支出绩效自评表（2024年度）',
    fix: 'none',
  },
  {
    name: 'the stated total weight wrong',
    file: 'md',
    ctx: '| 总分 |  |  |  | 100 |  |  |  | 90.00分 |',
    from: '| 100 |',
    to: '| 90 |',
    rule: 'perf-weights',
    at: '90',
    fix: 'restores',
  },
  {
    name: 'a wrong total score',
    file: 'md',
    ctx: '| 总分 |  |  |  | 100 |  |  |  | 90.00分 |',
    from: '90.00分',
    to: '95.00分',
    rule: 'perf-total',
    at: '95.00',
    fix: 'restores',
  },
  {
    name: 'a wrong total score, plain text',
    file: 'txt',
    ctx: '\t90.00分\n',
    from: '90.00',
    to: '92.00',
    rule: 'perf-total',
    at: '92.00',
    fix: 'restores',
  },
  {
    name: 'a wrong execution rate',
    file: 'md',
    ctx: '| 年度资金总额 | 10.44 | 10.44 | 10.44 | 10 | 100.00% | 10.00 |',
    from: '100.00%',
    to: '90.00%',
    rule: 'perf-execution',
    at: '90.00',
    fix: 'restores',
  },
  {
    name: 'a wrong execution-rate score',
    file: 'md',
    ctx: '| 年度资金总额 | 72.00 | 72.00 | 72.00 | 10 | 100.00% | 10.00 |',
    from: '| 10.00 |',
    to: '| 8.00 |',
    rule: 'perf-execution',
    at: '8.00',
    fix: 'restores',
  },
  {
    name: 'a wrong completion rate',
    file: 'md',
    ctx: '| >=1台 | =3台 | 300% | 0 |',
    from: '300%',
    to: '200%',
    rule: 'perf-completion',
    at: '200',
    fix: 'restores',
  },
  {
    name: 'a score that does not follow from 100% completion',
    file: 'md',
    ctx: '| 设备购置数量（台） | 10 | >=3台 | =3台 | 100% | 10 |',
    from: '100% | 10 |',
    to: '100% | 8 |',
    rule: 'perf-score',
    at: '8',
    fix: 'restores',
  },
  {
    name: 'a deduction without its reason (偏差原因 removed)',
    file: 'md',
    ctx: '| 目标值：设备购置数量>=1台，业绩值：3台，完成率300%，偏差-200%，主要原因是为确保各项工作顺利开展，满足办公需要，购买了3台办公设备，购买了3台办公设备。 |',
    from: '目标值：设备购置数量>=1台，业绩值：3台，完成率300%，偏差-200%，主要原因是为确保各项工作顺利开展，满足办公需要，购买了3台办公设备，购买了3台办公设备。',
    to: '',
    rule: 'perf-deviation',
    severity: 'warning',
    at: '0',
    fix: 'none',
  },
  {
    name: 'a funding total that is not the sum of its sources',
    file: 'md',
    ctx: '| 合计 | 342.31 |',
    from: '342.31',
    to: '352.31',
    rule: 'perf-funds',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'the prose total of the projects',
    file: 'md',
    ctx: '预算绩效评价项目3个，全年预算数171.15万元',
    from: '171.15',
    to: '181.15',
    rule: 'perf-prose',
    at: 'here',
    fix: 'restores',
  },
  {
    name: 'the prose count of the unit tables',
    file: 'md',
    ctx: '整体支出绩效自评表1个',
    from: '1个',
    to: '2个',
    rule: 'perf-prose',
    at: '2',
    fix: 'restores',
  },
  {
    name: 'a grade that does not match the total',
    file: 'md',
    ctx: '| 项目名称 | 土地征收咨询服务费项目 |  |  |\n| --- | --- | --- | --- |\n',
    from: '| --- | --- | --- | --- |\n',
    to: '| --- | --- | --- | --- |\n| 自评等级 | 良 |  |  |\n',
    rule: 'perf-grade',
    at: '良',
    fix: 'clean',
  },
  {
    name: 'a score that is not a number',
    file: 'md',
    ctx: '| 办理土地面积（亩） | 10 | =8.97亩 | =8.97亩 | 100% | 10 |',
    from: '100% | 10 |',
    to: '100% | 1O |',
    rule: 'perf-cell',
    severity: 'warning',
    at: '1O',
    fix: 'none',
  },
  {
    name: 'a rate above 100%',
    file: 'md',
    ctx:
      '| 政府采购率（%） | 10 | =100% | =100% | 100% | 10 | 计划标准 | 100% | 按照完成比例赋分 | 工作资料 |  |\n' +
      '|  | 成本指标 | 经济成本指标 | 办公设备购置成本',
    from: '| =100% | 100% |',
    to: '| =120% | 100% |',
    rule: 'perf-range',
    severity: 'warning',
    at: '=120%',
    fix: 'none',
  },
  {
    name: 'target and actual in different units',
    file: 'md',
    ctx: '| <=15万元 | =15万元 |',
    from: '| =15万元 |',
    to: '| =15台 |',
    rule: 'perf-completion',
    severity: 'warning',
    at: '=15台',
    fix: 'none',
  },
];

function mutate(text: string, m: Mutation): { text: string; at: number; end: number } {
  return mutateAt(text, m);
}

const key = (f: Finding) => `${f.rule}|${f.severity}|${f.message}`;

function caught(text: string, findings: Finding[], m: Mutation, at: number, end: number): Finding | undefined {
  const sev = m.severity ?? 'error';
  return findings.find((f) => {
    if (f.rule !== m.rule || f.severity !== sev) return false;
    if (m.at === 'here') return f.span.start < Math.max(end, at + 1) && at < f.span.end;
    const want = Array.isArray(m.at) ? m.at : [m.at];
    return want.includes(text.slice(f.span.start, f.span.end)) && Math.abs(f.span.start - at) < 4000;
  });
}

test('at least 30 distinct structure and self-evaluation mutations', () => {
  assert.ok(M.length >= 30);
  assert.equal(new Set(M.map((m) => m.name)).size, M.length);
  assert.ok(new Set(M.map((m) => m.rule)).size >= 18, 'they cover the rules');
});

for (const m of M) {
  const path = PATHS[m.file];
  test(`${m.file}: ${m.name} is caught by ${m.rule}`, () => {
    const original = read(path);
    const base = problems(run(original, path)).map(key);
    const mu = mutate(original, m);
    const r = run(mu.text, path);
    const f = caught(mu.text, r.findings, m, mu.at, mu.end);
    assert.ok(
      f,
      'not caught; findings:\n' +
        r.findings
          .map((x) => `${x.rule} ${x.severity} ${JSON.stringify(mu.text.slice(x.span.start, x.span.end))} ${x.message}`)
          .join('\n'),
    );
    assert.ok(f!.message.length > 0);
    // nothing else new beyond the finding itself (one slip, one report)
    const extra = problems(r).filter((x) => x !== f && !base.includes(key(x)));
    assert.deepEqual(
      extra.map((x) => `${x.rule} ${mu.text.slice(x.span.start, x.span.end)} ${x.message}`),
      [],
      'a single report for a single slip',
    );
    if (m.fix === 'none') return;
    const fix = f!.fixes.find((x) => x.certain) ?? f!.fixes[0];
    assert.ok(fix, 'the finding offers a fix');
    let fixed = applyEdits(mu.text, fix.edits);
    if (m.fix === 'restores') assert.equal(fixed, original, 'the fix restores the original text');
    // then the certain fixes it leads to (not those the original report already had)
    const isNew = (x: Finding) => !base.includes(key(x));
    let again = run(fixed, path);
    for (let i = 0; i < 3 && certainFixes(again.findings.filter(isNew)).length; i++) {
      fixed = applyEdits(
        fixed,
        certainFixes(again.findings.filter(isNew)).flatMap((x) => x.edits),
      );
      again = run(fixed, path);
    }
    if (m.fix === 'skeleton') {
      const inserted = fix.edits[0].newText;
      assert.ok(inserted.includes(m.from.split('\n')[0].replace(/^#+ /, '')), 'the heading is inserted');
      const left = problems(again).filter(isNew);
      assert.ok(
        left.every((x) => /占位符|placeholder/.test(x.message)),
        left.map((x) => x.message).join('\n'),
      );
      return;
    }
    // the original's findings, less those in the text the mutation replaced (deleted with it)
    const kept = problems(run(original, path))
      .filter((x) => x.span.end <= mu.at || x.span.start >= mu.at + m.from.length)
      .map(key);
    assert.deepEqual(problems(again).map(key), kept, 're-checked clean');
    assert.equal(certainFixes(again.findings.filter(isNew)).length, 0, 'nothing fixable left');
  });
}
