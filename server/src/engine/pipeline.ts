/**
 * The check, stage by stage. Each stage runs once per check and hands its result on:
 *
 *   read       text → documents (the report and the files it links)          read/
 *   facts      documents → figures and stated relations                       facts/
 *   relations  facts → constraint network → evaluation and diagnosis          relations/
 *   structure  document → layout profile and the report's structure           structure/
 *   rules      every stage's result (Ctx) → findings, one file per rule       rules/
 *   findings   suppression comments, settings, validation, order               features/suppress.ts, here
 *
 * The editor features (hover, outline, code actions, fix-all) read the result (features/).
 */
import type { EngineCaches } from './caches';
import { extract, type Extraction } from './facts/extract';
import { applySuppressions } from './features/suppress';
import { isReport, MAX_TEXT, readDocuments } from './read';
import type { ReportDoc } from './read/model';
import { piecesOf } from './read/pieces';
import { buildNetwork, type Network } from './relations/build';
import { evaluateRelations } from './relations/evaluate';
import { collectFindings } from './relations/findings';
import { reporter, type Ctx } from './rules/context';
import { RULES } from './rules';
import { structureOf, type ProfileChoice } from './structure/structure';
import type { CheckOptions, Finding, Lang, Severity } from './types';

export interface CheckResult {
  findings: Finding[];
  doc: ReportDoc;
  /** Files the report links (its tables file), checked with it. */
  linked: ReportDoc[];
  extraction: Extraction;
  network: Network;
  /** Whether the text is a budget / final-accounts report at all. */
  isReport: boolean;
  /** The layout profile the report is checked against and its structure (structure/). */
  structure?: ProfileChoice;
}

export function runCheck(text: string, options: CheckOptions, caches: EngineCaches): CheckResult {
  const lang: Lang = options.lang ?? 'zh-CN';
  const docs = readDocuments(text, options, caches);
  const doc = docs[0];
  const ex = extractAll(docs);
  const net = buildNetwork(ex);
  const relations = evaluateRelations(net);
  const structure = doc.format === 'yaml' ? undefined : structureOf(doc, options.profiles, caches);
  const ctx: Ctx = {
    doc,
    docs,
    ex,
    net,
    relations,
    structure,
    pieces: once(() => piecesOf(doc)),
    lang,
    options,
    caches,
  };
  const raw = runRules(ctx);
  if (text.length > MAX_TEXT) raw.push(tooLarge(text.length, lang));
  const findings = finish(raw, ctx, text, options);
  return { findings, doc, linked: docs.slice(1), extraction: ex, network: net, isReport: isReport(doc), structure };
}

/** Stage facts: the figures of the report and of the files it links, in one extraction. */
function extractAll(docs: ReportDoc[]): Extraction {
  const ex = extract(docs[0]);
  for (const d of docs.slice(1)) extract(d, ex);
  return ex;
}

/** Stage rules: every rule once, each speaking through its own `report`. */
function runRules(ctx: Ctx): Finding[] {
  const out: Finding[] = collectFindings(ctx);
  for (const rule of RULES) rule.check(ctx, reporter(ctx, rule, out), out);
  return out;
}

function tooLarge(length: number, lang: Lang): Finding {
  const zero = { line: 0, character: 0 };
  return {
    rule: 'front-matter',
    severity: 'warning',
    span: { start: 0, end: 0 },
    range: { start: zero, end: zero },
    message:
      lang === 'en'
        ? `the file is too large to check (${length} characters; at most ${MAX_TEXT})`
        : `文件过大，未检查（${length} 字符，上限 ${MAX_TEXT}）`,
    related: [],
    fixes: [],
  };
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
  return dedupe(findings);
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

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.rule}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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
