/**
 * The Shanghai reports in shared/corpus (PDF text exports): read without error, with the
 * number of sections, facts and relations found, and every finding recorded after a check by
 * hand — each is real (the report's own slip) unless marked otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS, brief, read, run } from './helpers';

interface Record {
  file: string;
  sections: number;
  facts: number;
  relations: number;
  /** errors and warnings, each checked by hand */
  findings: Array<[string, string]>;
  infos: number;
}

const RECORDS: Record[] = [
  {
    file: 'shanghai-putuo-planning-2024-final.txt',
    // the nine tables read from the layout (test/txt-tables.test.ts): their rows are no sections
    sections: 25,
    facts: 800,
    // + 3: the 三公 决算 0.39 (「支出决算为 0.39 万元，…其中：」) heads its 其中 items (issue 11, facts/lists.ts)
    relations: 425,
    infos: 10,
    findings: [
      [
        'sum error 356:61 754.75',
        'real: the text names an item (机关事业单位退休人员活动费支出) the tables do not have',
      ],
      ['sum error 374:62 4461.67', 'real: the text names an item (其他国土资源事务支出) the tables do not have'],
      ['share warning 626:3 99.86', 'real: 9746.50 ÷ 9759.38 = 99.868%, truncated instead of rounded (99.87%)'],
      ['malformed warning 628:15 13.95', 'real: 「增长 13.95。」 lacks its %'],
      ['budget warning 650:25 95.45', 'real: 9746.50 ÷ 10210.34 = 95.457%, truncated (95.46%)'],
      [
        'names warning 697:28 0.88',
        'real: 机关事业单位退休人员活动费支出 in the text, 其他行政事业单位养老支出 in the table',
      ],
      ['names warning 760:21 45.00', 'real: 其他国土资源事务支出 in the text, 其他自然资源事务支出 in the table'],
      [
        'official-name warning 764:15 住房保障支出',
        'real: 「住房保障支出（类）住房保障支出（款）住房公积金（项）」, the 款 of 2210201 is 住房改革支出',
      ],
      ['official-name warning 775:15 住房保障支出', 'real: the same slip before 购房补贴（项）'],
      ['repeated error 786:18 5377.64', 'real: 一般公共预算财政拨款基本支出 5377.64 in the text, 5364.75 in its table'],
      ['repeated error 788:4 4896.98', 'real: 人员经费 4896.98 in the text, 人员经费合计 4884.09 in the table'],
      [
        'budget error 818:20 13.68',
        'real: 13.68% = 0.39 ÷ 2.85, the 全年预算 of the table, the sentence says 年初预算',
      ],
      ['malformed warning 826:11 下降（增长）', 'real: the template alternative 「下降（增长）」 left unfilled'],
      [
        'unit-name warning 856:18 与',
        'real: 「规划与自然资源局」, the unit is 上海市普陀区规划和自然资源局 (title, 12 mentions)',
      ],
      ['malformed warning 862:12 0.39 万', 'real: 「国内公务接待支出 0.39 万」 lacks 元'],
      [
        'template-leftover warning 865:25 列明',
        'real: the template instruction 「列明公务接待批次、人次」 kept its 「列明」 in print',
      ],
      ['unit-name warning 871:11 与', 'real: 「规划与自然资源局」 again (无政府性基金预算 statement)'],
      ['unit-name warning 877:11 与', 'real: 「规划与自然资源局」 again (无国有资本经营预算 statement)'],
      [
        'paired-punctuation warning 904:26 （',
        'real: 「平均得分99.33分（其中，绩效评级为“优”的项目39个；…」 opens a bracket the paragraph never closes',
      ],
    ],
  },
  {
    file: 'shanghai-putuo-social-work-2024-final.txt',
    sections: 23,
    facts: 637,
    relations: 322,
    infos: 2,
    findings: [
      [
        'template-leftover warning 416:1 无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：',
        "real: the template's instruction to the writer, printed above the empty-table statement",
      ],
      [
        'template-leftover warning 432:1 无国有资本经营预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：',
        'real: the same instruction under the 国有资本经营 table',
      ],
      ['yoy warning 446:1 100.00', 'real: 收入支出总计 增长100.00% from a zero prior (the unit was founded in 2024)'],
      ['yoy warning 466:14 100.00', 'real: 财政拨款收入支出总计 增长100.00% from zero'],
      ['yoy warning 475:7 100.00', 'real: 一般公共预算财政拨款支出 增长100.00% from zero'],
      ['share warning 485:29 9.55', 'real: 29.42 ÷ 307.82 = 9.5575%, truncated (9.56%)'],
      [
        'budget error 491:29 年初',
        'real: 完成年初预算的95.89% — 年初预算 is 0; 95.89% is 307.82 ÷ 321.02, the 全年预算',
      ],
      ['yoy warning 630:4 100.00', 'real: 机关运行经费 增长100.00% from zero'],
    ],
  },
  {
    file: 'shanghai-putuo-wanli-2024-budget.txt',
    sections: 13,
    facts: 1107,
    // the budget prose's totals (收入预算, 支出预算, 财政拨款支出预算 …) and its “三公”经费预算数 (the
    // year's own figure in a budget) are concepts, and the budget tables of the text are read
    relations: 736,
    infos: 0,
    findings: [
      [
        'reason-contradiction warning 91:48 减少',
        'real: 114.00 -> 110.60, 「比2023年预算执行数减少2.98%」, explained by 「宣传事务一般行政管理事务经费增加」',
      ],
      [
        'empty-statement error 795:1 注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。',
        'real: the table and the text give “三公”经费 47.91万元 and 机关运行经费 443.18万元, yet the note says the table is empty',
      ],
    ],
  },
];

for (const rec of RECORDS) {
  const path = join(CORPUS, rec.file);
  test(`corpus: ${rec.file}`, () => {
    const text = read(path);
    const r = run(text, path);
    assert.ok(r.isReport, 'recognised as a report');
    assert.equal(r.doc.sections.length, rec.sections, 'sections');
    assert.equal(r.extraction.facts.length, rec.facts, 'facts');
    assert.equal(r.network.constraints.length, rec.relations, 'relations');
    const found = r.findings.filter((f) => f.severity !== 'info').map((f) => brief(text, f));
    assert.deepEqual(
      found,
      rec.findings.map(([b]) => b),
    );
    assert.equal(r.findings.filter((f) => f.severity === 'info').length, rec.infos);
  });
}

test('corpus: the Shanghai template is read, its placeholders and alternatives found, no arithmetic error', () => {
  const path = join(CORPUS, 'shanghai-2024-final-accounts-template.txt');
  const r = run(read(path), path);
  // its outline (the tables' numbered rows are table rows, not sections)
  assert.equal(r.doc.sections.length, 25);
  assert.equal(r.findings.filter((f) => f.severity === 'error').length, 0);
  assert.ok(r.findings.filter((f) => f.rule === 'malformed').length > 100);
});
