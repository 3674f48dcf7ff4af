/**
 * Mutations for the text-hygiene rules, on corpus reports in plain text (the PDF text exports),
 * in Markdown (the samples' conversions) and in the Markdown the PDF importer writes: each slip
 * inserted is caught by the right rule at the right place (or, for a missing item, on its
 * section), its fix (where one is offered) applied, and the report re-checked as clean as the
 * original.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, certainFixes, type Finding } from '../server/src/engine';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { CORPUS, ROOT, mutateAt, problems, read, run } from './helpers';

type Source = 'planning.txt' | 'wanli-2025.txt' | 'social-work.txt' | 'social-work.md' | 'wanli-2025.pdf.md';

interface Mutation {
  name: string;
  in: Source;
  ctx: string;
  from: string;
  to: string;
  rule: string;
  severity?: 'error' | 'warning';
  /**
   * The finding names this (a missing item is reported on its section, an unclosed mark on its
   * opener, not where the text was changed).
   */
  names?: string;
  /** No fix is offered (where the missing half goes, which number was meant, is not certain). */
  noFix?: boolean;
  /** One of the fixes restores exactly the original text. */
  restores?: boolean;
}

const M: Mutation[] = [
  // paired punctuation
  {
    name: 'a closing bracket dropped',
    in: 'planning.txt',
    ctx: '社会保障和就业支出（类）754.75',
    from: '（类）',
    to: '（类',
    rule: 'paired-punctuation',
    noFix: true,
  },
  {
    name: 'a closing bracket dropped (md)',
    in: 'social-work.md',
    ctx: '社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。',
    from: '行政运行（项）',
    to: '行政运行（项',
    rule: 'paired-punctuation',
    noFix: true,
  },
  {
    name: 'an opening quote dropped (md)',
    in: 'social-work.md',
    ctx: '2024年度无“三公”经费财政拨款支出。',
    from: '“三公”',
    to: '三公”',
    rule: 'paired-punctuation',
    noFix: true,
  },
  {
    name: 'a closing title mark dropped',
    in: 'wanli-2025.txt',
    ctx: '可行性研究报告的批复 》进行建设',
    from: '批复 》',
    to: '批复 ',
    rule: 'paired-punctuation',
    // reported on the 《 left open, which the message quotes
    names: '89号文《关于',
    noFix: true,
  },
  // garbled direction words
  {
    name: 'two direction words run together',
    in: 'planning.txt',
    ctx: '公务接待费支出决算减少 0.15 万元',
    from: '减少',
    to: '增减少',
    rule: 'garbled-direction',
    restores: true,
  },
  {
    name: 'two direction words run together (md)',
    in: 'social-work.md',
    ctx: '一般公共预算财政拨款支出增加307.82万元',
    from: '增加',
    to: '减增加',
    rule: 'garbled-direction',
    restores: true,
  },
  {
    name: 'two direction words run together (budget)',
    in: 'wanli-2025.txt',
    ctx: '车辆类型不同。其中：公务用车购置费15万元，比2024年预算减少10万元',
    from: '减少',
    to: '减增加',
    rule: 'garbled-direction',
    restores: true,
  },
  {
    name: '大于 where the actual is smaller, in a budget-rate paragraph (txt)',
    in: 'social-work.txt',
    ctx: '为 11.31 万元。决算数小于全年预算数',
    from: '小于',
    to: '大于',
    rule: 'direction-contradiction',
    severity: 'error',
    restores: true,
  },
  // a comparison word against the figures
  {
    name: '大于 where the actual is smaller',
    in: 'planning.txt',
    ctx: '95.45%。决算数小于',
    from: '小于',
    to: '大于',
    rule: 'direction-contradiction',
    severity: 'error',
    restores: true,
  },
  {
    name: '大于 where the actual is smaller (md)',
    in: 'social-work.md',
    ctx: '98.69%。决算数小于全年预算数',
    from: '小于',
    to: '大于',
    rule: 'direction-contradiction',
    severity: 'error',
    restores: true,
  },
  {
    name: '大于 where the actual is smaller, no rate stated',
    in: 'social-work.md',
    ctx: '支出决算为11.31万元。决算数小于全年预算数',
    from: '小于',
    to: '大于',
    rule: 'direction-contradiction',
    severity: 'error',
    restores: true,
  },
  {
    name: 'the template alternative 增长（下降） left in print',
    in: 'planning.txt',
    ctx: '公务接待费支出决算减少 0.15 万元，下降 27.78%',
    from: '下降',
    to: '增长（下降）',
    rule: 'malformed',
    noFix: true,
  },
  {
    name: 'the template alternative 增长（下降） left in print (md)',
    in: 'social-work.md',
    ctx: '一般公共预算财政拨款支出增加307.82万元，增长100.00%',
    from: '增长',
    to: '增长（下降）',
    rule: 'malformed',
    noFix: true,
  },
  // the table of contents
  {
    name: 'the 目录 skips a number',
    in: 'planning.txt',
    ctx: '\n八、政府性基金预算财政拨款收入支出决算表\n',
    from: '八、',
    to: '十、',
    rule: 'toc-numbering',
    noFix: true,
  },
  {
    name: 'the 目录 skips a number (md)',
    in: 'wanli-2025.pdf.md',
    ctx: '\n  七、项目经费情况说明',
    from: '七、',
    to: '九、',
    rule: 'toc-numbering',
    noFix: true,
  },
  // field codes and template debris
  {
    name: 'a Word field code in the 目录',
    in: 'wanli-2025.txt',
    ctx: '二、部门机构设置',
    from: '二、部门机构设置',
    to: '二、部门机构设置 PAGEREF _Toc170031234 \\h ',
    rule: 'field-code',
  },
  {
    name: 'a broken cross-reference in the body (md)',
    in: 'social-work.md',
    ctx: '人员变动引起实际支出低于预算。',
    from: '低于预算。',
    to: '低于预算。错误！未定义书签。',
    rule: 'field-code',
    restores: true,
  },
  {
    name: 'a placeholder in the 目录 (md)',
    in: 'wanli-2025.pdf.md',
    ctx: '\n  二、部门机构设置',
    from: '部门机构设置',
    to: 'XX部门(单位)机构设置',
    rule: 'field-code',
    noFix: true,
  },
  // the 三公 items
  {
    name: 'the 公务接待费 paragraph left out',
    in: 'wanli-2025.txt',
    ctx: '     （三）公务接待费1.35万元。比2024年预算持平，主要原因是公务接待费保持不变。\n',
    from: '     （三）公务接待费1.35万元。比2024年预算持平，主要原因是公务接待费保持不变。\n',
    to: '',
    rule: 'sangong-items',
    names: '公务接待费',
    noFix: true,
  },
  {
    name: 'the 公务接待费 paragraph left out (md)',
    in: 'wanli-2025.pdf.md',
    ctx: '（三）公务接待费1.35万元。比2024年预算持平，主要原因是公务接待费保持不变。',
    from: '（三）公务接待费1.35万元。比2024年预算持平，主要原因是公务接待费保持不变。',
    to: '',
    rule: 'sangong-items',
    names: '公务接待费',
    noFix: true,
  },
  {
    name: 'the 公务用车运行费 clause left out',
    in: 'wanli-2025.txt',
    ctx: '公务用车运行费21.56万元，\n比2024年预算持平，',
    from: '公务用车运行费21.56万元，\n比2024年预算持平，',
    to: '',
    rule: 'sangong-items',
    names: '公务用车运行维护费',
    noFix: true,
  },
  // precision
  {
    name: 'a completion rate rounded to a whole percent',
    in: 'planning.txt',
    ctx: '完成年初预算的 98.61%',
    from: '98.61',
    to: '99',
    rule: 'percent-precision',
    restores: true,
  },
  {
    name: 'a completion rate rounded to one decimal (md)',
    in: 'social-work.md',
    ctx: '完成全年预算数的99.55%',
    from: '99.55',
    to: '99.6',
    rule: 'percent-precision',
    noFix: true,
  },
  // an amount or a rate without its unit
  {
    name: 'an amount without its unit at the end of a sentence',
    in: 'planning.txt',
    ctx: '开展活动支出。年初预算为 0.88 万元，支出决算为 0.88 万元。',
    from: '0.88 万元。',
    to: '0.88。',
    rule: 'bare-number',
  },
  {
    name: 'an amount without its unit at the end of a sentence (md)',
    in: 'social-work.md',
    ctx: '支出决算为11.31万元。',
    from: '11.31万元。',
    to: '11.31。',
    rule: 'bare-number',
    restores: true,
  },
  {
    name: 'a share without % (md)',
    in: 'social-work.md',
    ctx: '占34.30%；',
    from: '34.30%',
    to: '34.30',
    rule: 'malformed',
    restores: true,
  },
  {
    name: 'a share without %',
    in: 'planning.txt',
    ctx: '占 55.10%；',
    from: '55.10%',
    to: '55.10',
    rule: 'malformed',
    restores: true,
  },
  // a reason that contradicts its direction (reported on the direction word, naming the reason)
  {
    name: 'a flat change explained by an increase',
    in: 'wanli-2025.txt',
    ctx: '比2024年预算持平，主要原因是公务接待费保持不变。',
    from: '保持不变',
    to: '增加',
    rule: 'reason-contradiction',
    names: '公务接待费增加',
    noFix: true,
  },
  {
    name: 'an actual below its budget explained by a raised budget',
    in: 'social-work.txt',
    ctx: '决算数小于预算数的主要原因：人员经费支出数小于预算数。',
    from: '人员经费支出数小于预算数',
    to: '年中追加了预算',
    rule: 'reason-contradiction',
    names: '年中追加了预算',
    noFix: true,
  },
  {
    name: 'a completion rate below 100% explained by a raised budget',
    in: 'planning.txt',
    ctx: '完成年初预算的 99.50%。决算数小于预算数的主要原因：\n\n年中社会保险缴费基数变更导致。',
    from: '决算数小于预算数的主要原因：\n\n年中社会保险缴费基数变更导致',
    to: '主要原因：年中追加了预算',
    rule: 'reason-contradiction',
    names: '年中追加了预算',
    noFix: true,
  },
  {
    name: 'an increase explained by a decrease (md)',
    in: 'social-work.md',
    ctx: '一般公共预算财政拨款支出增加307.82万元，增长100.00%。主要原因：单位于2024年成立。',
    from: '单位于2024年成立',
    to: '人员经费减少',
    rule: 'reason-contradiction',
    names: '人员经费减少',
    noFix: true,
  },
  // a stray digit or character next to a date or a unit
  {
    name: 'a year written twice',
    in: 'planning.txt',
    ctx: '截至 2024 年 12 月 31 日，上海市普陀区规划和自然资源局',
    from: '2024 年 12 月',
    to: '2024 年年 12 月',
    rule: 'stray-character',
    restores: true,
  },
  {
    name: 'a stray space inside a month (md)',
    in: 'social-work.md',
    ctx: '截至2024年12月31日，中共上海市普陀区委社会工作部共有车辆0辆',
    from: '12月',
    to: '1 2月',
    rule: 'stray-character',
    restores: true,
  },
  {
    name: 'a month with a digit too many',
    in: 'wanli-2025.txt',
    ctx: '截至2024年8月31日，上海市普陀区人民政府万里街道办事处（部门）共有车辆8辆',
    from: '8月',
    to: '18月',
    rule: 'stray-character',
    noFix: true,
  },
  {
    name: 'a unit written twice',
    in: 'planning.txt',
    ctx: '项目支出 4381.74 万元，占 44.90%。',
    from: '万元',
    to: '万万元',
    rule: 'stray-character',
    restores: true,
  },
  {
    name: 'a 元 written twice (md)',
    in: 'social-work.md',
    ctx: '单价100万元（含）以上设备',
    from: '万元',
    to: '万元元',
    rule: 'stray-character',
    restores: true,
  },
  // traditional characters in a simplified report
  {
    name: 'traditional characters in a budget sentence',
    in: 'planning.txt',
    ctx: '项目支出 4381.74 万元，占 44.90%。',
    from: '项目支出',
    to: '項目支出',
    rule: 'traditional-character',
    restores: true,
  },
  {
    name: 'traditional characters in a heading word (md)',
    in: 'social-work.md',
    ctx: '2024年度无“三公”经费财政拨款支出。',
    from: '经费财政拨款',
    to: '經費財政撥款',
    rule: 'traditional-character',
    restores: true,
  },
  {
    name: 'a traditional unit after an amount',
    in: 'wanli-2025.txt',
    ctx: '（三）公务接待费1.35万元。',
    from: '1.35万元',
    to: '1.35萬元',
    rule: 'traditional-character',
    restores: true,
  },
];

const PATHS: Record<Source, string> = {
  'planning.txt': join(CORPUS, 'shanghai-putuo-planning-2024-final.txt'),
  'wanli-2025.txt': join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'),
  'social-work.txt': join(CORPUS, 'shanghai-putuo-social-work-2024-final.txt'),
  'social-work.md': join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md'),
  // checked as the Markdown the importer writes (the path only names the format)
  'wanli-2025.pdf.md': join(CORPUS, 'pdf', 'shanghai-putuo-wanli-2025-budget.md'),
};

const texts = new Map<Source, Promise<string>>();
function textOf(s: Source): Promise<string> {
  if (!texts.has(s)) {
    if (s === 'wanli-2025.pdf.md') {
      const pdf = join(CORPUS, 'pdf', 'shanghai-putuo-wanli-2025-budget.pdf');
      read(pdf);
      texts.set(
        s,
        importPdf(new Uint8Array(readFileSync(pdf))).then((r) => r.markdown),
      );
    } else texts.set(s, Promise.resolve(read(PATHS[s])));
  }
  return texts.get(s)!;
}

const key = (f: Finding) => `${f.rule}|${f.severity}|${f.message}`;

/** The problems left once every certain fix is applied (a report's own certain slips included). */
function settled(text: string, path: string): string[] {
  let r = run(text, path);
  for (let i = 0; i < 3 && certainFixes(r.findings).length; i++) {
    text = applyEdits(
      text,
      certainFixes(r.findings).flatMap((x) => x.edits),
    );
    r = run(text, path);
  }
  assert.equal(certainFixes(r.findings).length, 0, 'nothing fixable left');
  return problems(r).map(key);
}

function caught(findings: Finding[], m: Mutation, at: number, end: number): Finding | undefined {
  const overlaps = (s: { start: number; end: number }) => s.start < Math.max(end, at + 1) && at < s.end;
  return findings.find(
    (f) =>
      f.rule === m.rule &&
      f.severity === (m.severity ?? 'warning') &&
      (m.names ? f.message.includes(m.names) : overlaps(f.span)),
  );
}

test('hygiene mutations: every kind in plain text and in Markdown', () => {
  for (const rule of new Set(M.map((m) => m.rule))) {
    const ins = new Set(M.filter((m) => m.rule === rule).map((m) => m.in.split('.').pop()));
    assert.deepEqual([...ins].sort(), ['md', 'txt'], rule);
  }
  assert.equal(new Set(M.map((m) => m.name)).size, M.length);
});

for (const m of M) {
  test(`hygiene mutation: ${m.name} is caught by ${m.rule}`, async () => {
    const path = PATHS[m.in];
    const original = await textOf(m.in);
    const before = new Set(problems(run(original, path)).map(key));
    const base = settled(original, path);
    const mu = mutateAt(original, m);
    const r = run(mu.text, path);
    const f = caught(
      r.findings.filter((x) => !before.has(key(x))),
      m,
      mu.at,
      mu.end,
    );
    assert.ok(
      f,
      'not caught; findings:\n' +
        problems(r)
          .map((x) => `${x.rule} ${x.severity} ${mu.text.slice(x.span.start, x.span.end)} ${x.message}`)
          .join('\n'),
    );
    assert.ok(f!.message.length > 0);
    if (m.noFix) {
      assert.ok(!f!.fixes.some((x) => x.certain), 'no certain fix where the correction is not certain');
      return;
    }
    assert.ok(f!.fixes.length, 'the finding offers a fix');
    const fix = m.restores
      ? f!.fixes.find((x) => applyEdits(mu.text, x.edits) === original)
      : (f!.fixes.find((x) => x.certain) ?? f!.fixes[0]);
    assert.ok(fix, 'a fix restores the original text');
    assert.deepEqual(settled(applyEdits(mu.text, fix!.edits), path), base, 're-checked clean');
  });
}
