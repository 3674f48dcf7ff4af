/**
 * perf-prose: the text on 预算绩效 (「整体支出绩效自评表1个，全年预算总额…；预算绩效评价项目3个…」)
 * against the tables: their number and the totals of their funding.
 */
import { D, Dec, Interval, fmt, judge, parseWritten, trimDec } from '../../util/decimal';
import { written } from '../../facts/perf-cells';
import { perfVocabulary } from '../../knowledge/perf';
import type { PerfSummary } from '../../facts/perf-sheet';
import type { Paragraph } from '../../read/model';
import type { Ctx } from '../context';
import { rel } from '../context';
import { defineRule, t, type Report } from '../rule';
import { correctedTotal } from './fund-blame';

/** One figure of the prose to compare: its pattern (the figure is group 1), its value by the tables. */
interface ProseCheck {
  re: RegExp;
  want: () => Dec | undefined;
  what: Record<'zh' | 'en', string>;
  count?: boolean;
  from: number;
  end?: number;
}

const P = perfVocabulary.prose;

export const rule = defineRule(
  {
    id: 'perf-prose',
    aliases: ['SP211'],
    tags: ['performance'],
    title: { 'zh-CN': '预算绩效说明与自评表不符', en: 'Performance summary disagrees with the tables' },
    severity: 'error',
    doc: {
      'zh-CN':
        '「预算绩效」一节的文字（「整体支出绩效自评表1个，全年预算总额…；预算绩效评价项目3个，全年预算数…」）应与所附自评表的个数和金额合计一致。',
      en:
        'The text on 预算绩效 (「整体支出绩效自评表1个，全年预算总额…；预算绩效评价项目3个，全年预算数…」) agrees with the self-evaluation tables: their ' +
        'number and their totals.',
    },
  },
  (ctx, report) => {
    const tables = ctx.perf.summaries;
    if (!tables.length) return;
    const firstTable = Math.min(...tables.map((x) => x.start));
    for (const b of ctx.doc.blocks) {
      if (b.kind !== 'paragraph' || b.span.start > firstTable || !/绩效/.test(b.text.text)) continue;
      for (const c of checksOf(b.text.text, tables, corrected(ctx))) checkFigure(ctx, report, b, c, tables);
    }
  },
);

type Corrected = (tb: PerfSummary, col: 'year' | 'executed') => Dec | undefined;

/**
 * A table's total as its block's relations have it: a total blamed by perf-funds (its sum and its
 * rate both say so) counts at its corrected value, so the prose that states the right sum is not
 * blamed for the table's slip.
 */
function corrected(ctx: Ctx): Corrected {
  return (tb, col) => {
    const sheet = ctx.perf.sheets.find((s) => !s.table.doc && s.table.title.span.start === tb.title.start);
    return sheet ? correctedTotal(sheet, col) : undefined;
  };
}

/** The sum of a funding column over tables, when every one states it. */
function sumOf(ts: PerfSummary[], col: 'year' | 'executed', fixed: Corrected): Dec | undefined {
  let s = new D(0);
  for (const tb of ts) {
    const c = fixed(tb, col);
    if (c) {
      s = s.plus(c);
      continue;
    }
    const m = /^([+-]?\d[\d,]*(?:\.\d+)?)(?:万元|元)?$/.exec((tb[col] ?? '').replace(/\s+/g, ''));
    const w = m ? written(m[1]) : undefined;
    if (!w) return undefined;
    s = s.plus(w.value);
  }
  return s;
}

/** The figures a paragraph states about the unit tables and about the projects. */
function checksOf(text: string, tables: PerfSummary[], fixed: Corrected): ProseCheck[] {
  const units = tables.filter((x) => x.kind === 'unit');
  const projects = tables.filter((x) => x.kind === 'project');
  const checks: ProseCheck[] = [];
  const unitAt = text.search(P.unitTables);
  const projAt = text.search(P.projects);
  if (unitAt >= 0 && units.length) {
    const end = projAt > unitAt ? projAt : text.length;
    const what = (zh: string, en: string) => ({ zh, en });
    checks.push(
      {
        re: P.unitCount,
        want: () => new D(units.length),
        what: what('整体支出绩效自评表个数', 'number of unit self-evaluation tables'),
        count: true,
        from: unitAt,
      },
      {
        re: P.budget,
        want: () => sumOf(units, 'year', fixed),
        what: what('整体支出全年预算数', 'full-year budget of the unit tables'),
        from: unitAt,
        end,
      },
      {
        re: P.executed,
        want: () => sumOf(units, 'executed', fixed),
        what: what('整体支出全年执行数', 'executed amount of the unit tables'),
        from: unitAt,
        end,
      },
    );
  }
  if (projAt >= 0 && projects.length) {
    checks.push(
      {
        re: P.projectCount,
        want: () => new D(projects.length),
        what: { zh: '绩效自评项目个数', en: 'number of evaluated projects' },
        count: true,
        from: projAt,
      },
      {
        re: P.budget,
        want: () => sumOf(projects, 'year', fixed),
        what: { zh: '项目全年预算数之和', en: 'full-year budget of the projects' },
        from: projAt,
      },
      {
        re: P.executed,
        want: () => sumOf(projects, 'executed', fixed),
        what: { zh: '项目全年执行数之和', en: 'executed amount of the projects' },
        from: projAt,
      },
    );
  }
  return checks;
}

function checkFigure(ctx: Ctx, report: Report, b: Paragraph, c: ProseCheck, tables: PerfSummary[]): void {
  const text = b.text.text;
  const m = c.re.exec(text.slice(c.from, c.end ?? text.length));
  if (!m) return;
  const want = c.want();
  const w = parseWritten(m[1]);
  if (!want || !w) return;
  const at = c.from + m.index + m[0].indexOf(m[1]);
  const span = b.text.span(at, at + m[1].length);
  const ok = c.count ? w.value.eq(want) : judge(w, Interval.exact(want), want) !== 'mismatch';
  if (ok) return;
  const expected = c.count ? trimDec(want) : fmt(want, w.decimals);
  const kind = c.what.zh.includes('整体') ? 'unit' : 'project';
  report({
    span,
    message: t(
      ctx.lang,
      `${c.what.zh} ${m[1]} 与绩效自评表不符，按表应为 ${expected}`,
      `the ${c.what.en}, ${m[1]}, disagrees with the self-evaluation tables: ${expected}`,
    ),
    related: tables.filter((x) => x.kind === kind).map((tb) => rel(ctx, tb.title, tb.name)),
    fixes: [
      {
        title: t(ctx.lang, `改为 ${expected}`, `Change to ${expected}`),
        certain: false,
        edits: [{ span, range: ctx.doc.lines.range(span), newText: expected }],
      },
    ],
    expected,
  });
}
