/**
 * What a rule sees (Ctx: the results of every stage of the pipeline, computed once per check)
 * and the pieces a finding is made of: figure labels, related figures, fixes, and the `report`
 * function a rule speaks through.
 */
import { Written, fmtLike, parseWritten } from '../util/decimal';
import type { Extraction, Fact } from '../facts/extract';
import type { PerfStage } from '../facts/perf-sheet';
import { conceptDisplayName, knowledge, parseConcept } from '../knowledge';
import type { DocRef, ReportDoc } from '../read/model';
import type { Pieces } from '../read/pieces';
import { asWritten, quotesAsWritten } from '../read/traditional';
import type { Network } from '../relations/build';
import type { Relations } from '../relations/evaluate';
import type { ProfileChoice } from '../structure/structure';
import type { EngineCaches } from '../caches';
import type { CrossStage } from '../cross';
import { severitiesOf, t, type FindingSpec, type Report, type RuleMeta } from './rule';
import type { CheckOptions, Finding, Fix, Lang, RelatedFigure, Severity, Span } from '../types';

/** What a rule's check sees: the document, the results of each stage, the message language. */
export interface Ctx {
  /** The file being checked. */
  doc: ReportDoc;
  /** It and the files it links (a narrative's 数据: tables.yaml), checked as one report. */
  docs: ReportDoc[];
  /** Stage facts: the figures and stated relations of every document. */
  ex: Extraction;
  /** Stage relations: the calculation network … */
  net: Network;
  /** … evaluated with rounding intervals, and the diagnosis of the figures at fault. */
  relations: Relations;
  /** Stage structure: the layout profile and the report's structure against it (not for YAML reports). */
  structure?: ProfileChoice;
  /** Stage facts, the 绩效自评表: the tables and the reading of their cells (facts/perf-sheet.ts). */
  perf: PerfStage;
  /** The document's text as pieces, for rules that scan all of it in one pass. */
  pieces: () => Pieces;
  /** Stage cross: the report against its partners, when the host gave them (cross/). */
  cross: () => CrossStage | undefined;
  lang: Lang;
  /** The check's options (layout profiles a workspace adds, …). */
  options?: CheckOptions;
  /** The engine instance's caches (results kept between checks of the same text). */
  caches: EngineCaches;
  /** What the check could not do: a text over the size limit, stages skipped past the time budget. */
  limits: Limits;
}

export interface Limits {
  /** The text's length, when it is over MAX_TEXT (and was not read). */
  tooLarge?: number;
  /** The stages (and rules) skipped because the check ran past its time budget. */
  skipped: string[];
  budgetMs: number;
}

/** The `report` of one rule: it fills in the rule id, the severity, the range and the fix payload. */
export function reporter(ctx: Ctx, meta: RuleMeta, sink: Finding[]): Report {
  const allowed = severitiesOf(meta);
  return (spec: FindingSpec) => {
    const severity = spec.severity ?? meta.severity;
    if (!allowed.includes(severity)) throw new Error(`rule ${meta.id} reports ${severity}, not in its meta`);
    const { span, doc, expected, formula, data } = spec;
    const { message, related = [], fixes = [] } = ctx.doc.written ? inDocScript(ctx.doc, spec) : spec;
    const extra: Partial<Finding> = { data };
    if (expected !== undefined) extra.expected = expected;
    if (formula !== undefined) extra.formula = formula;
    sink.push(base(ctx, meta.id, severity, span, message, related, fixes, extra, doc));
  };
}

/**
 * A finding in a report written in traditional characters (read converted): its fixes write in
 * the document's script (their titles quote what they write), its messages quote the document as
 * written. Edits in a linked file (read as written) are left as they are.
 */
function inDocScript(doc: ReportDoc, spec: FindingSpec): Pick<FindingSpec, 'message' | 'related' | 'fixes'> {
  const fixes = spec.fixes?.map((f) => {
    const written = new Map<string, string>();
    const edits = f.edits.map((e) => {
      if (e.path) return e;
      const newText = asWritten(doc, e.newText);
      written.set(e.newText, newText);
      return { ...e, newText };
    });
    const title = quotesAsWritten(
      doc,
      f.title.replace(/「([^「」]+)」/g, (q, x: string) => {
        const w = written.get(x);
        return w === undefined ? q : `「${w}」`;
      }),
    );
    return { ...f, title, edits };
  });
  return {
    message: quotesAsWritten(doc, spec.message),
    related: spec.related?.map((r) => ({ ...r, message: quotesAsWritten(doc, r.message) })),
    fixes,
  };
}

/** Range (and file, when not the checked one) of a span in a document. */
function place(ctx: Ctx, span: Span, doc: DocRef | undefined): { range: Finding['range']; path?: string } {
  const d = doc ?? ctx.doc;
  return d === ctx.doc ? { range: d.lines.range(span) } : { range: d.lines.range(span), path: d.path };
}

/**
 * A figure's label: its concept's name (with the scope when the name needs it), else the words
 * written before it, in its document's script (a report in traditional characters is named as it
 * writes it; the words of a kind, 占比 or 增减率, are the engine's and stay as they are).
 */
export function labelOf(f: Pick<Fact, 'kind' | 'role' | 'label' | 'concept' | 'doc'>, lang: Lang): string {
  switch (f.kind) {
    case 'share':
      return t(lang, '占比', 'share');
    case 'rate':
      return t(lang, '增减率', 'rate of change');
    case 'delta':
      return t(lang, '增减额', 'change');
    case 'budget-rate':
      return t(lang, '预决算比率', 'budget rate');
  }
  const role = f.role === '本年' ? '' : f.role;
  if (!f.concept) return (f.label ? asItsDocWrites(f, f.label.slice(-12)) : t(lang, '数字', 'figure')) + role;
  const concept = parseConcept(f.concept);
  const scope = concept.scope;
  const name = conceptDisplayName(concept);
  const generic = /^(合计|总额|总计|货物|工程|服务|中小企业|小微企业)$/.test(name);
  const scoped = ['czbk', 'ybg', 'zfxjj', 'gyzb'].includes(scope) || (generic && scope !== 'all');
  const prefix =
    scoped && !name.startsWith(knowledge.scopeName(scope, 'zh-CN')) ? knowledge.scopeName(scope, 'zh-CN') : '';
  return asItsDocWrites(f, prefix + name) + (role && lang === 'en' ? ` (${role})` : role);
}

/** Text of a figure's document (its label, its unit) as that document writes it. */
function asItsDocWrites(f: Pick<Fact, 'doc'>, text: string): string {
  return f.doc?.written ? asWritten(f.doc, text) : text;
}

/** A figure's unit as its document writes it (萬元 in a report in traditional characters), % for a percentage. */
export function unitOf(f: Pick<Fact, 'unitKind' | 'unit' | 'doc'>): string {
  return f.unitKind === 'percent' ? '%' : asItsDocWrites(f, f.unit);
}

export function show(f: Pick<Fact, 'written' | 'unitKind' | 'unit' | 'doc'>, w: Written = f.written): string {
  return fmtLike(w.value, w.decimals, w.grouped) + unitOf(f);
}

export function rel(ctx: Ctx, span: Span, message: string, doc?: DocRef): RelatedFigure {
  return { span, ...place(ctx, span, doc), message };
}
export function relFact(ctx: Ctx, f: Fact): RelatedFigure {
  return rel(ctx, f.span, `${labelOf(f, ctx.lang)} ${show(f)}`, f.doc);
}

export function fix(ctx: Ctx, title: string, span: Span, newText: string, certain: boolean, doc?: DocRef): Fix {
  return { title, certain, edits: [{ span, ...place(ctx, span, doc), newText }] };
}

export function base(
  ctx: Ctx,
  rule: string,
  severity: Severity,
  span: Span,
  message: string,
  related: RelatedFigure[],
  fixes: Fix[],
  extra: Partial<Finding> = {},
  doc?: ReportDoc,
): Finding {
  return {
    rule,
    severity,
    message,
    span,
    ...place(ctx, span, doc),
    related,
    fixes,
    ...extra,
    data: {
      rule,
      fixes: fixes.map((f) => ({
        title: f.title,
        certain: f.certain,
        edits: f.edits.map((e) => ({ range: e.range, newText: e.newText, path: e.path })),
      })),
      ...(extra.data ?? {}),
    },
  };
}

export function valueFix(ctx: Ctx, f: Fact, value: Written, certain: boolean): Fix {
  const text = fmtLike(value.value, value.decimals, f.written.grouped);
  return fix(
    ctx,
    t(ctx.lang, `改为 ${text}${unitOf(f)}`, `Change to ${text}${unitOf(f)}`),
    f.span,
    text,
    certain && writtenAt((f.doc ?? ctx.doc).source, f.span, f.written),
    f.doc,
  );
}

/**
 * Whether `span` of `source` holds exactly the figure `w` as written: a certain fix replaces the
 * figure at fault, never an empty span (a blank cell, a figure read across markup or full-width
 * digits), where inserting the value would not be read back as that figure.
 */
export function writtenAt(source: string, span: Span, w: Written): boolean {
  if (!(span.end > span.start)) return false;
  const read = parseWritten(source.slice(span.start, span.end));
  return !!read && read.value.eq(w.value) && read.decimals === w.decimals;
}
