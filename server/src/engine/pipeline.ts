/**
 * The check, stage by stage. Each stage runs once per check and hands its result on:
 *
 *   read       text → documents (the report and the files it links)          read/
 *   facts      documents → figures and stated relations                       facts/
 *   relations  facts → constraint network → evaluation and diagnosis          relations/
 *   structure  document → layout profile and the report's structure           structure/
 *   rules      every stage's result (Ctx) → findings, one file per rule       rules/
 *   findings   suppression comments, settings, order, validation               findings/, here
 *
 * The editor features (hover, outline, code actions, fix-all) read the result (features/).
 */
import type { EngineCaches } from './caches';
import { crossEntry, crossStage, partnerEntry, type CrossEntry, type CrossInput, type CrossStage } from './cross';
import { extract, type Extraction } from './facts/extract';
import { perfStageOf, type PerfStage } from './facts/perf-sheet';
import { applySuppressions } from './features/suppress';
import { validateFindings } from './findings/validate';
import { isReport, MAX_TEXT, readDocuments } from './read';
import type { DocRef, ReportDoc } from './read/model';
import { piecesOf } from './read/pieces';
import { simplifiedOf } from './read/traditional';
import { buildNetwork, type Network } from './relations/build';
import { evaluateRelations, type Relations } from './relations/evaluate';
import { reporter, type Ctx, type Limits } from './rules/context';
import { runRule } from './rules/runner';
import { RULES } from './rules';
import { t } from './rules/rule';
import { structureOf, type ProfileChoice } from './structure/structure';
import type { CheckOptions, Finding, Lang, Severity } from './types';

export interface CheckResult {
  findings: Finding[];
  doc: ReportDoc;
  /** Files the report links (its tables file), checked with it. */
  linked: ReportDoc[];
  extraction: Extraction;
  network: Network;
  /** The network's evaluation and diagnosis, and the 自评表 read (the relations view reads them). */
  relations: Relations;
  perf: PerfStage;
  /** Whether the text is a budget / final-accounts report at all. */
  isReport: boolean;
  /** The layout profile the report is checked against and its structure (structure/). */
  structure?: ProfileChoice;
  /** Findings, fixes and related figures dropped as invalid before leaving the engine (0 when all is well). */
  dropped: number;
  /** The report checked against its partners (when the host gave them): the pairs and relations found. */
  cross?: CrossStage;
}

export function runCheck(
  text: string,
  options: CheckOptions,
  caches: EngineCaches,
  crossInput?: CrossInput,
): CheckResult {
  const lang: Lang = options.lang ?? 'zh-CN';
  const budget = new Budget(options);
  const docs = readDocuments(text, options, caches);
  const doc = docs[0];
  const ex = budget.run(
    'facts',
    () => extractAll(docs, caches),
    () => extract(emptyDoc(doc)),
  );
  const net = budget.run(
    'relations',
    () => buildNetwork(ex),
    () => buildNetwork(extract(emptyDoc(doc))),
  );
  const relations = budget.run(
    'relations',
    () => evaluateRelations(net, ex.tables, caches.evals),
    () => evaluateRelations(emptyNetwork(net)),
  );
  const structure =
    doc.format === 'yaml'
      ? undefined
      : budget.run(
          'structure',
          () => structureOf(doc, options.profiles, caches),
          () => undefined,
        );
  const limits: Limits = {
    tooLarge: text.length > MAX_TEXT ? text.length : undefined,
    skipped: budget.skipped,
    budgetMs: budget.ms,
  };
  const ctx: Ctx = {
    doc,
    docs,
    ex,
    net,
    relations,
    structure,
    perf: perfStageOf(doc, structure?.analysis?.profile.performance, caches.perf),
    pieces: once(() => piecesOf(doc)),
    cross: once(() => (crossInput ? crossStage(crossEntry(doc, ex), crossInput) : undefined)),
    lang,
    options,
    caches,
    limits,
  };
  const raw = runRules(ctx, budget);
  const { findings, dropped } = validateFindings(finish(raw, ctx, text, options), withPartners(docs, crossInput));
  return {
    findings,
    dropped,
    doc,
    linked: docs.slice(1),
    extraction: ex,
    network: net,
    relations,
    perf: ctx.perf,
    isReport: isReport(doc),
    structure,
    cross: ctx.cross(),
  };
}

/** The documents findings may point into: the report, its linked files and its partners. */
function withPartners(docs: ReportDoc[], input: CrossInput | undefined): Array<ReportDoc | DocRef> {
  if (!input) return docs;
  return [...docs, ...input.partners.filter((p) => p.path && p.path !== docs[0].path).map((p) => p.doc)];
}

/** The index entry of a checked report, for the checks of its partners (light: partnerEntry). */
export function entryOf(result: CheckResult, path = result.doc.path): CrossEntry {
  return partnerEntry(crossEntry(result.doc, result.extraction, path));
}

/**
 * The cross-document rules alone over a report already checked (a folder is checked file by
 * file, then each report against the others): the result with their findings added.
 */
export function runCrossRules(result: CheckResult, options: CheckOptions, caches: EngineCaches, input: CrossInput) {
  const docs = [result.doc, ...result.linked];
  const ctx: Ctx = {
    doc: result.doc,
    docs,
    ex: result.extraction,
    net: result.network,
    relations: evaluateRelations(emptyNetwork(result.network)),
    structure: result.structure,
    perf: perfStageOf(emptyDoc(result.doc), undefined),
    pieces: once(() => piecesOf(result.doc)),
    cross: once(() => crossStage(crossEntry(result.doc, result.extraction), input)),
    lang: options.lang ?? 'zh-CN',
    options,
    caches,
    limits: { skipped: [], budgetMs: options.timeBudgetMs ?? 10_000 },
  };
  const raw: Finding[] = [];
  for (const rule of RULES) if (rule.tags.includes('cross')) rule.check(ctx, reporter(ctx, rule, raw));
  const { findings, dropped } = validateFindings(
    finish(raw, ctx, result.doc.source, options),
    withPartners(docs, input),
  );
  const all = [...result.findings, ...findings].sort(
    (a, b) =>
      (a.path ?? '').localeCompare(b.path ?? '') ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.rule.localeCompare(b.rule),
  );
  return { ...result, findings: all, dropped: result.dropped + dropped, cross: ctx.cross() };
}

/**
 * The check's time budget. Every stage is linear in its input, so a stage that starts in time
 * ends soon after; once the budget is spent the remaining stages are skipped (and named), and the
 * input-limit rule says the report was too complex to check in time.
 */
class Budget {
  readonly ms: number;
  readonly skipped: string[] = [];
  private readonly now: () => number;
  private readonly end: number;
  constructor(options: CheckOptions) {
    this.ms = options.timeBudgetMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
    this.end = this.now() + this.ms;
  }
  spent(): boolean {
    return this.now() > this.end;
  }
  run<T>(stage: string, work: () => T, instead: () => T): T {
    if (!this.spent()) return work();
    if (!this.skipped.includes(stage)) this.skipped.push(stage);
    return instead();
  }
}

/** The document with nothing in it (what a skipped stage reads). */
function emptyDoc(doc: ReportDoc): ReportDoc {
  return { ...doc, blocks: [], sections: [] };
}

function emptyNetwork(net: Network): Network {
  return { ...net, constraints: [] };
}

/** Stage facts: the figures of the report and of the files it links, in one extraction. */
function extractAll(docs: ReportDoc[], caches: EngineCaches): Extraction {
  const ex = extract(docs[0], undefined, undefined, caches.extraction);
  for (const d of docs.slice(1)) extract(d, ex, undefined, caches.extraction);
  return ex;
}

/**
 * Stage rules: every rule once, each speaking through its own `report`. Past the time budget the
 * remaining rules are skipped, except the input rules (they say what was not checked), run last.
 */
function runRules(ctx: Ctx, budget: Budget): Finding[] {
  const out: Finding[] = [];
  const input = RULES.filter((r) => r.tags.includes('input'));
  for (const rule of RULES) {
    if (input.includes(rule)) continue;
    budget.run(
      rule.id,
      () => runRule(ctx, rule, out),
      () => undefined,
    );
  }
  for (const rule of input) runRule(ctx, rule, out);
  return out;
}

/** Stage findings: inline suppressions per file, the configured severities, one order, no duplicates. */
function finish(raw: Finding[], ctx: Ctx, text: string, options: CheckOptions): Finding[] {
  const { doc, docs } = ctx;
  let findings = applySuppressions(
    raw.filter((f) => !f.path),
    text,
    doc.lines,
    doc.format === 'yaml',
  ).concat(
    ...docs.slice(1).map((d) =>
      applySuppressions(
        raw.filter((f) => f.path === d.path),
        d.source,
        d.lines,
        d.format === 'yaml',
      ),
    ),
  );
  findings = configure(findings, options);
  findings.sort(
    (a, b) =>
      (a.path ?? '').localeCompare(b.path ?? '') ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.rule.localeCompare(b.rule),
  );
  return dedupe(findings, ctx.lang);
}

/** A rule's setting applies to every finding of the rule, whatever severity the rule gave it. */
function configure(findings: Finding[], options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.rule === 'rounding-difference' && options.roundingDifferences === 'hide') continue;
    const conf = options.rules?.[f.rule];
    if (conf === 'off') continue;
    out.push(conf ? { ...f, severity: conf as Severity } : f);
  }
  return out;
}

function dedupe(findings: Finding[], lang: Lang): Finding[] {
  const seen = new Set<string>();
  // a relation's failure found both in the report and in its linked tables file (the same figures,
  // stated in both: the same message and the same formula) is shown once, in the report, naming
  // where the tables file states it (a report in traditional characters names its figures so, its
  // tables file perhaps not: the key is in simplified characters)
  const inReport = new Map<string, number>();
  const sameKey = (f: Finding) => simplifiedOf(`${f.rule}|${f.message}|${f.expected ?? ''}|${f.formula ?? ''}`);
  const out: Finding[] = [];
  for (const f of findings) {
    const k = `${f.rule}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const key = f.data?.constraint !== undefined ? sameKey(f) : undefined;
    const twin = key !== undefined && f.path ? inReport.get(key) : undefined;
    if (twin !== undefined) {
      const file = f.path!.split(/[\\/]/).pop()!;
      const also = t(lang, `${file} 中亦有此项`, `also stated in ${file}`);
      const first = out[twin];
      out[twin] = {
        ...first,
        related: [...first.related, { path: f.path, range: f.range, span: f.span, message: also }],
      };
      continue;
    }
    if (key !== undefined && !f.path && !inReport.has(key)) inReport.set(key, out.length);
    out.push(f);
  }
  return out;
}

function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
