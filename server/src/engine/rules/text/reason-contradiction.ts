/**
 * reason-contradiction: a reason that says the opposite of the direction it explains. A change
 * (「比上年增加 66.43 万元」, 「比2023年预算执行数持平」) or a comparison of the actual with the
 * budget (「决算数小于预算数」, or a completion or variance rate: 「完成年初预算的98.61%」,
 * 「预决算差异率-34.74%」) followed directly by its reason
 * (「主要原因是：…」); each clause of the reason is read for a direction of money (「…经费减少」,
 * 「本年增加…项目资金」, 「…保持不变」, 「支出低于预算」). A reason whose clauses disagree, or that
 * hedges (「追加的资金尚未支付」), says nothing. The words are data (server/data/hygiene.yaml
 * `reasons`).
 */
import { factInterval, type BudgetRel, type ChangeRel, type Fact } from '../../facts/extract';
import type { Paragraph } from '../../read/model';
import { grammar } from '../../knowledge/grammar';
import { hygiene } from '../../knowledge/hygiene';
import type { Span } from '../../types';
import { Interval } from '../../util/decimal';
import { rel, relFact, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

type Dir = 1 | -1 | 0;
const R = hygiene.reasons;
/** At most this much text between the direction and the word 原因 (「，主要原因是：」「的主要原因：」). */
const GAP = 16;

/** The direction one clause of a reason states, if any. */
function clauseDir(clause: string, budget: boolean): Dir | undefined {
  if (R.flatRe.test(clause)) return 0;
  const m = R.subjectRe.exec(clause) ?? R.verbRe.exec(clause);
  if (m) return R.up.has(m[1]) ? 1 : -1;
  const c = budget ? R.compareRe.exec(clause) : null;
  return c ? hygiene.compareSign[c[1]] : undefined;
}

/** The direction the whole reason states: every clause that has one agrees, and none hedges. */
function reasonDir(reason: string, budget: boolean): Dir | undefined {
  if (R.hedgeRe.test(reason)) return undefined;
  const dirs = new Set<Dir>();
  for (const clause of reason.split(/[，,]/)) {
    const d = clauseDir(clause.replace(/[。.]$/, ''), budget);
    if (d !== undefined) dirs.add(d);
  }
  if (dirs.size !== 1) return undefined;
  // any direction word at all, in any clause (「本年增加土地补偿金，减少…经费」): one way only
  const any = new Set<Dir>([...reason.matchAll(R.anyRe)].map((m) => (R.up.has(m[0]) ? 1 : -1)));
  const [d] = dirs;
  return any.size > 1 || (d === 0 && any.size) || (d !== 0 && any.has(-d as Dir)) ? undefined : d;
}

interface Reason {
  text: string;
  span: Span;
}

/** The reason that follows offset `from` of the paragraph directly (before `to`), up to its sentence's end. */
function reasonAfter(p: Paragraph, from: number, to: number): Reason | undefined {
  const rest = p.text.text.slice(from, Math.min(to, from + GAP + 400));
  const k = rest.indexOf('原因');
  if (k < 0 || k > GAP) return undefined;
  const gap = rest.slice(0, k);
  if (/\d/.test(gap) || (gap.match(/。/g)?.length ?? 0) > 1) return undefined;
  const m = R.markerRe.exec(rest.slice(k));
  if (!m || m.index !== 0) return undefined;
  const start = k + m.index + m[0].length;
  const end = rest.slice(start).search(/[。；;]/);
  const text = rest.slice(start, end < 0 ? rest.length : start + end);
  if (!text) return undefined;
  return { text, span: p.text.span(from + start, from + start + text.length) };
}

function sign(x: Interval): Dir | undefined {
  if (x.lo.gt(0)) return 1;
  if (x.hi.lt(0)) return -1;
  return x.lo.isZero() && x.hi.isZero() ? 0 : undefined;
}

/** What a change states: its direction, 0 for 持平, undefined for a zero written with a direction word. */
function changeDir(c: ChangeRel): { dir: Dir; end: number; at: Span } | undefined {
  const spans = [c.delta?.span, c.rate?.span, c.deltaWord?.span, c.rateWord?.span, c.flat?.span].filter(
    (s): s is Span => !!s,
  );
  if (!spans.length) return undefined;
  const at = c.flat?.span ?? c.deltaWord?.span ?? c.rateWord?.span ?? spans[0];
  const end = Math.max(...spans.map((s) => s.end));
  if (c.flat) return { dir: 0, end, at };
  const dir = c.deltaDir ?? c.rateDir;
  if (!dir) return undefined;
  const figs = [c.delta, c.rate].filter((f): f is Fact => !!f);
  // 「增加 0.00 万元」: a change too small to print; its reason may say anything
  if (figs.some((f) => !sign(f.written.interval))) return undefined;
  return { dir, end, at };
}

const WORD: Record<string, [string, string]> = {
  '1': ['增加', 'an increase'],
  '-1': ['减少', 'a decrease'],
  '0': ['不变', 'no change'],
};

function say(ctx: Ctx, report: Report, stated: Dir, at: Span, reason: Reason, said: Dir, related: Fact[]): void {
  const [zs, es] = WORD[String(stated)];
  const [zr, er] = WORD[String(said)];
  report({
    span: at,
    message: t(
      ctx.lang,
      `所述原因与方向相反：此处为${zs}，原因「${reason.text}」说的是${zr}`,
      `the reason contradicts the direction: the text states ${es}, its reason 「${reason.text}」 states ${er}`,
    ),
    related: [rel(ctx, reason.span, t(ctx.lang, '所述原因', 'the reason')), ...related.map((f) => relFact(ctx, f))],
    data: { stated, reason: said },
  });
}

function changes(ctx: Ctx, report: Report, mine: (f: Fact) => boolean, seen: Set<string>): void {
  const list = ctx.ex.changes.filter((c) => {
    const f = c.delta ?? c.rate;
    return f ? mine(f) : !!c.current && mine(c.current);
  });
  const starts = list.map((c) => Math.min(...[c.delta, c.rate, c.current].filter((f) => f).map((f) => f!.span.start)));
  list.forEach((c) => {
    const p = (c.delta ?? c.rate ?? c.current)!.paragraph!;
    const d = changeDir(c);
    if (!d) return;
    const from = p.text.offsetOf(d.end);
    const next = starts.filter((s) => s >= d.end && s <= p.span.end);
    const to = next.length ? p.text.offsetOf(Math.min(...next)) : p.text.text.length;
    const r = reasonAfter(p, from, to);
    const said = r && reasonDir(r.text, false);
    if (!r || said === undefined || said === d.dir || seen.has(`${r.span.start}`)) return;
    seen.add(`${r.span.start}`);
    say(
      ctx,
      report,
      d.dir,
      d.at,
      r,
      said,
      [c.delta, c.rate].filter((f): f is Fact => !!f),
    );
  });
}

/** 「决算数小于预算数的主要原因：…」: the word's sign against the reason's (a stated 年初 or plain 预算). */
function comparisons(ctx: Ctx, report: Report, paras: Paragraph[], seen: Set<string>): void {
  for (const p of paras) {
    const re = new RegExp(hygiene.compareRe.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(p.text.text))) {
      if (/^(全年|调整)/.test(m[3])) continue;
      const stated = hygiene.compareSign[m[2]];
      const r = reasonAfter(p, m.index + m[0].length, p.text.text.length);
      const said = r && reasonDir(r.text, true);
      if (!r || said === undefined || said === 0 || said === stated || seen.has(`${r.span.start}`)) continue;
      seen.add(`${r.span.start}`);
      const at = m.index + m[1].length;
      say(ctx, report, stated, p.text.span(at, at + m[2].length), r, said, []);
    }
  }
}

/**
 * The direction a budget rate states (「完成年初预算的98.61%」 below, 「差异率为-2.00%」 below), when it
 * is certain: a completion rate above or below 100%, a variance rate written with its minus sign (or
 * a positive one the figures confirm: some write the variance unsigned); the figures, when the
 * sentence states both, must agree.
 */
function rateDir(b: BudgetRel): 1 | -1 | undefined {
  const iv = b.rate.written.interval;
  let dir: 1 | -1 | undefined;
  if (b.rateKind === 'completion') dir = iv.lo.gt(100) ? 1 : iv.hi.lt(100) ? -1 : undefined;
  else dir = iv.hi.lt(0) ? -1 : iv.lo.gt(0) ? 1 : undefined;
  const budget = b.budgets.length === 1 ? b.budgets[0] : undefined;
  const figs = b.actual && budget ? sign(factInterval(b.actual).sub(factInterval(budget))) : undefined;
  if (b.rateKind === 'diff' && dir === 1 && figs !== 1) return undefined;
  return figs === undefined || figs === dir ? dir : undefined;
}

/** 「年初预算为452.40万元，支出决算为446.11万元，完成年初预算的98.61%。主要原因是：…」: the rate's direction. */
function rates(ctx: Ctx, report: Report, mine: (f: Fact) => boolean, seen: Set<string>): void {
  for (const b of ctx.ex.budgets) {
    // against the 全年预算 (which holds what was added during the year) a reason may tell of the additions
    if (!mine(b.rate) || b.rateBudget === '全年预算' || b.budgets.some((f) => f.role === '全年预算')) continue;
    const stated = rateDir(b);
    const p = b.rate.paragraph!;
    const r = stated && reasonAfter(p, p.text.offsetOf(b.rate.fullSpan.end), p.text.text.length);
    const said = r && reasonDir(r.text, true);
    if (!r || !stated || said === undefined || said === 0 || said === stated || seen.has(`${r.span.start}`)) continue;
    seen.add(`${r.span.start}`);
    const related = [b.actual, ...b.budgets].filter((f): f is Fact => !!f);
    say(ctx, report, stated, b.rate.span, r, said, related);
  }
}

/** 「比2023年预算执行数持平。主要原因是：…」 (a flat change the extraction leaves to the budget comparison). */
function flats(ctx: Ctx, report: Report, paras: Paragraph[], seen: Set<string>): void {
  const g = grammar;
  for (const p of paras) {
    const text = p.text.text;
    for (let i = text.indexOf(g.flat); i >= 0; i = text.indexOf(g.flat, i + 1)) {
      const clause = text
        .slice(0, i)
        .split(/[，,。；;：:]/)
        .pop()!;
      if (!g.data.prior.flatCompare.some((w) => clause.includes(w))) continue;
      const r = reasonAfter(p, i + g.flat.length, text.length);
      const said = r && reasonDir(r.text, false);
      if (!r || said === undefined || said === 0 || seen.has(`${r.span.start}`)) continue;
      seen.add(`${r.span.start}`);
      say(ctx, report, 0, p.text.span(i, i + g.flat.length), r, said, []);
    }
  }
}

function check(ctx: Ctx, report: Report): void {
  if (ctx.doc.format === 'yaml') return;
  const mine = (f: Fact) => !!f.paragraph && (!f.doc || f.doc === ctx.doc);
  const seen = new Set<string>();
  changes(ctx, report, mine, seen);
  const paras = ctx.doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  comparisons(ctx, report, paras, seen);
  rates(ctx, report, mine, seen);
  flats(ctx, report, paras, seen);
}

export const rule = defineRule(
  {
    id: 'reason-contradiction',
    aliases: ['SP119'],
    tags: ['text'],
    title: { 'zh-CN': '原因与方向相反', en: 'Reason contradicts the direction' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '变动（「比上年增加 X 万元」「比上年持平」）或决算与预算的比较（「决算数小于预算数」，或完成率、差异率：' +
        '「完成年初预算的98.61%」「差异率-34.74%」）之后紧跟的原因（「主要原因是：…」）说的是相反的方向时报告：' +
        '「增加……主要原因是：……经费减少」、「持平……主要原因是：……经费增加」、「小于预算数的主要原因：追加了预算」。' +
        '原因的各分句都按资金的方向读（「……经费减少」「本年增加……项目资金」「……保持不变」）；分句方向不一、或含「尚未」「结转」等词时不报告；' +
        '写作「增加 0.00 万元」的变动、与全年预算（已含年中追加）相比的比率也不报告。词表见 server/data/hygiene.yaml `reasons`。',
      en:
        'Reports a reason (「主要原因是：…」) that directly follows a change (「比上年增加 X 万元」, 「持平」) or a comparison ' +
        'of the actual with the budget (「决算数小于预算数」, or a completion or variance rate: 「完成年初预算的98.61%」) and ' +
        'states the opposite direction: an increase explained by ' +
        '「…经费减少」, 「持平」 by 「…经费增加」, 「小于预算数」 by 「追加了预算」. Each clause of the reason is read for a ' +
        'direction of money; a reason whose clauses disagree, or that hedges (「尚未」, 「结转」 …), says nothing, and so ' +
        'does a change written as 「增加 0.00 万元」 and a rate against the 全年预算 (which holds the additions). The ' +
        'words are data (server/data/hygiene.yaml `reasons`).',
    },
  },
  check,
);
