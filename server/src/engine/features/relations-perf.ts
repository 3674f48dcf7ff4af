/**
 * The 自评表's relations for the relations view: the execution rate and its score, each
 * indicator's completion rate and score, the 总分. Judged by the perf-* rules' own functions over
 * the perf stage's reading of the cells (facts/perf-sheet.ts); nothing is read again here.
 */
import { D, Dec, Interval, judge, trimDec, type Verdict } from '../util/decimal';
import type { Num } from '../facts/perf-cells';
import type { PerfSheet, RowReading } from '../facts/perf-sheet';
import type { ReportDoc, Section } from '../read/model';
import { completionWrong, rowCompletion } from '../rules/perf/perf-completion';
import { rateScoreFix } from '../rules/perf/perf-execution';
import { rateScore, scoringRate } from '../rules/perf/fund';
import { isProportional, scoreFix } from '../rules/perf/perf-score';
import { fundCap, rowCap, settledRows } from '../rules/perf/perf-score-range';
import { totalsOf } from '../rules/perf/perf-total';
import { weightsChecked, weightsOf } from '../rules/perf/perf-weights';
import type { PerfConventions } from '../knowledge/perf';
import type { CheckResult } from '../pipeline';
import type { Lang, Span } from '../types';
import {
  MARKS,
  type RelationFigure,
  type RelationItem,
  type RelationKind,
  type RelationStatus,
} from './relations-types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

/** A relation and where it belongs (the view groups by document, section and table). */
export interface Placed {
  at: { doc?: ReportDoc; span: Span; section?: Section; table?: string };
  item: RelationItem;
}

interface SheetCtx {
  result: CheckResult;
  sheet: PerfSheet;
  lang: Lang;
  out: Placed[];
  at: Placed['at'];
}

export function perfRelations(result: CheckResult, lang: Lang): Placed[] {
  const out: Placed[] = [];
  const c = result.perf.conventions;
  for (const sheet of result.perf.sheets) {
    const doc = sheet.table.doc && sheet.table.doc !== result.doc ? sheet.table.doc : undefined;
    const section = sectionAt(sheet.doc, sheet.table.span.start);
    const sc: SheetCtx = { result, sheet, lang, out, at: { doc, span: sheet.table.span, section, table: sheet.name } };
    fundRelations(sc, c);
    rowRelations(sc, c);
    totalRelation(sc, c);
    weightsRelation(sc, c);
  }
  return out;
}

function sectionAt(doc: ReportDoc, offset: number): Section | undefined {
  let hit: Section | undefined;
  for (const s of doc.sections) if (offset >= s.span.start && offset < s.span.end) hit = s;
  return hit;
}

function verdictStatus(v: Verdict | 'ok'): RelationStatus {
  return v === 'exact' || v === 'ok' ? 'holds' : v === 'rounding' ? 'rounding' : 'fails';
}

function push(
  sc: SheetCtx,
  kind: RelationKind,
  target: Num,
  inputs: Array<[Num, string]>,
  r: {
    title: string;
    status: RelationStatus;
    formula: string;
    recomputed?: string;
    note?: string;
    targetLabel?: string;
  },
): void {
  const fig = (n: Num, label: string, isTarget: boolean): RelationFigure => ({
    text: n.cell.text.trim(),
    label,
    span: { start: n.span.start, end: n.span.end },
    range: sc.sheet.doc.lines.range(n.span),
    ...(sc.at.doc ? { path: sc.at.doc.path } : {}),
    ...(isTarget ? { target: true } : {}),
  });
  const [tLabel] = r.title.split(' = ');
  sc.out.push({
    at: { ...sc.at, span: target.span },
    item: {
      id: `${kind}:${sc.at.doc?.path ?? ''}:${target.span.start}`,
      kind,
      title: r.title,
      status: r.status,
      mark: MARKS[r.status],
      formula: r.formula,
      ...(r.recomputed ? { recomputed: r.recomputed } : {}),
      ...(r.note ? { note: r.note } : {}),
      figures: [fig(target, r.targetLabel ?? tLabel, true), ...inputs.map(([n, l]) => fig(n, l, false))],
    },
  });
}

const roundsTo = (x: Dec, n: Num) => x.toDecimalPlaces(n.w.decimals, D.ROUND_HALF_UP).eq(n.w.value);

function fundRelations(sc: SheetCtx, c: PerfConventions): void {
  const { lang } = sc;
  const f = sc.sheet.fund;
  if (!f) return;
  const [year, executed, rate] = [f.year, f.executed, f.rate];
  if (f.ratio && typeof rate === 'object' && typeof year === 'object' && typeof executed === 'object') {
    const pt = f.ratio.point.times(100);
    push(
      sc,
      'perf-rate',
      rate,
      [
        [executed, T(lang, '全年执行数', 'executed')],
        [year, T(lang, '全年预算数', 'budget')],
      ],
      {
        title: T(lang, '执行率 = 全年执行数 ÷ 全年预算数 × 100%', 'execution rate = executed ÷ budget × 100%'),
        status: verdictStatus(judge(rate.w, f.ratio.percent, pt)),
        formula: `${trimDec(executed.w.value)} ÷ ${trimDec(year.w.value)} × 100% = ${trimDec(pt, 4)}%`,
        recomputed: `${trimDec(pt, 4)}%`,
      },
    );
  }
  const exp = rateScore(f);
  if (!exp || !f.weight || !f.score || c.scoring !== 'proportional') return;
  const wrong = fundCap(f, sc.sheet, c) !== undefined || rateScoreFix(f, c, sc.sheet) !== undefined;
  const rateText = `${trimDec(scoringRate(f)!.times(100), 2)}%`;
  push(sc, 'perf-score', f.score, [[f.weight, T(lang, '分值', 'weight')]], {
    title: T(lang, '执行率得分 = 分值 × min(执行率, 100%)', 'execution-rate score = weight × min(rate, 100%)'),
    status: wrong ? 'fails' : roundsTo(exp, f.score) ? 'holds' : 'rounding',
    formula: `${trimDec(f.weight.w.value)} × min(${rateText}, 100%) = ${trimDec(exp, 4)}`,
    recomputed: trimDec(exp, 4),
  });
}

function rowRelations(sc: SheetCtx, c: PerfConventions): void {
  const { lang } = sc;
  const settled = settledRows(sc.sheet, c);
  for (const r of sc.sheet.rows) {
    if (r.stated && r.computed && r.computed !== 'units') {
      const pt = r.computed.value.times(100);
      push(sc, 'perf-completion', r.stated, [], {
        title: T(lang, `「${r.name}」完成率 = 实际值 ÷ 目标值`, `「${r.name}」 completion = actual ÷ target`),
        status: completionWrong(r)
          ? 'fails'
          : roundsTo(pt, r.stated) || roundsTo(D.min(pt, 100), r.stated)
            ? 'holds'
            : 'rounding',
        formula: `${r.computed.formula} = ${trimDec(pt, 4)}%`,
        recomputed: `${trimDec(pt, 4)}%`,
      });
    }
    rowScore(sc, c, r, settled);
  }
}

function rowScore(sc: SheetCtx, c: PerfConventions, r: RowReading, settled: Set<RowReading>): void {
  const { lang } = sc;
  const completion = rowCompletion(r);
  if (!r.weight || !r.score || !completion || !isProportional(r.row.rule, c)) return;
  const wv = r.weight.w.value;
  const exp = completion.value.gte(1) ? wv : wv.times(completion.value);
  const wrong = rowCap(r, settled) !== undefined || scoreFix(r, settled, c) !== undefined;
  const deducted = !wrong && r.score.w.value.lt(exp) && !Interval.exact(exp).meets(r.score.w.interval);
  const status: RelationStatus = wrong ? 'fails' : deducted || roundsTo(exp, r.score) ? 'holds' : 'rounding';
  push(sc, 'perf-score', r.score, [[r.weight, T(lang, '分值', 'weight')]], {
    title: T(
      lang,
      `「${r.name}」得分 = 分值 × min(完成率, 100%)`,
      `「${r.name}」 score = weight × min(completion, 100%)`,
    ),
    status,
    formula: `${trimDec(wv)} × min(${trimDec(completion.value.times(100), 2)}%, 100%) = ${trimDec(exp, 4)}`,
    recomputed: trimDec(exp, 4),
    ...(deducted
      ? { note: r.reason ? T(lang, '扣分已说明原因', 'the deduction is explained') : T(lang, '扣分', 'scored down') }
      : {}),
  });
}

function totalRelation(sc: SheetCtx, c: PerfConventions): void {
  const { lang, sheet } = sc;
  const stated = sheet.statedTotal;
  const totals = typeof stated === 'object' ? totalsOf(sheet, c) : undefined;
  if (typeof stated !== 'object' || !totals) return;
  const { scores, sum, corrected } = totals;
  const holds = roundsTo(sum, stated);
  push(
    sc,
    'perf-total',
    stated,
    scores.map((s) => [s, T(lang, '得分', 'score')] as [Num, string]),
    {
      title: T(lang, '总分 = 各项得分之和', 'total = the sum of the scores'),
      status: holds ? 'holds' : 'fails',
      formula: `${scores.map((s) => trimDec(s.w.value)).join(' + ')} = ${trimDec(sum)}`,
      recomputed: trimDec(sum),
      ...(!holds && roundsTo(corrected, stated)
        ? { note: T(lang, '各项得分改正后相符', 'holds once the single scores are corrected') }
        : {}),
    },
  );
}

function weightsRelation(sc: SheetCtx, c: PerfConventions): void {
  const { lang, sheet } = sc;
  if (!weightsChecked(sheet)) return;
  const weights = weightsOf(sheet);
  const sum = weights.reduce((acc, w) => acc.plus(w.w.value), new D(0));
  const stated = typeof sheet.statedWeight === 'object' ? sheet.statedWeight : undefined;
  const holds = sum.eq(c.weightTotal) && (!stated || roundsTo(sum, stated));
  const [target, ...rest] = stated ? [stated, ...weights] : weights;
  const total = String(c.weightTotal);
  const vs = stated ? ` vs ${trimDec(stated.w.value)}` : '';
  push(
    sc,
    'perf-weights',
    target,
    rest.map((w) => [w, T(lang, '分值', 'weight')] as [Num, string]),
    {
      title: T(lang, `分值之和 = ${total}`, `the weights add up to ${total}`),
      targetLabel: stated ? T(lang, '总分行分值', 'weight of the 总分 row') : T(lang, '分值', 'weight'),
      status: holds ? 'holds' : 'fails',
      formula: `${weights.map((w) => trimDec(w.w.value)).join(' + ')} = ${trimDec(sum)}${vs}`,
      recomputed: trimDec(sum),
    },
  );
}
