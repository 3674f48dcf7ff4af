/**
 * The Suanpan engine: a pure library, text in, findings out. It never imports the LSP or
 * VS Code packages; the language server and the CLI are thin layers over this module.
 */
import { collectFindings } from './relations/findings';
import { extract, type Extraction } from './facts/extract';
import { readMarkdown } from './read/markdown';
import type { ReportDoc } from './read/model';
import { buildNetwork, type Network } from './relations/build';
import { readPlainText } from './read/plaintext';
import { readYamlReport } from './read/yaml';
import { RULE_BY_ID, RULES } from './rules';
import { applySuppressions } from './features/suppress';
import { structureOf, type ProfileChoice } from './structure/structure';
import type { CheckOptions, Finding, Lang, Severity } from './types';

export * from './types';
export { RULES, RULE_BY_ID };
export type { ReportDoc, Extraction, Network };

export interface CheckResult {
  findings: Finding[];
  doc: ReportDoc;
  /** Files the report links (its tables file), checked with it. */
  linked: ReportDoc[];
  extraction: Extraction;
  network: Network;
  /** Whether the text is a budget / final-accounts report at all. */
  isReport: boolean;
  /** The layout profile the report is checked against and its structure (structure.ts). */
  structure?: ProfileChoice;
}

export type Format = 'markdown' | 'text' | 'yaml';

export function formatOf(path: string | undefined, text: string): Format {
  if (path && /\.(md|markdown|mdown|mkd)$/i.test(path)) return 'markdown';
  if (path && /\.(ya?ml)$/i.test(path)) return 'yaml';
  if (path && /\.(txt|text)$/i.test(path)) return 'text';
  return /^---\s*\r?\n/.test(text) || /^#{1,6}\s/m.test(text) ? 'markdown' : 'text';
}

export function readReport(text: string, path?: string): ReportDoc {
  const format = formatOf(path, text);
  return format === 'markdown' ? readMarkdown(text) : format === 'yaml' ? readYamlReport(text) : readPlainText(text);
}

/** A report has a 类型 in its front matter, or a title naming 决算/预算. */
export function isReport(doc: ReportDoc): boolean {
  if (doc.meta.source === 'front-matter' && doc.meta.kind) return true;
  const titles = doc.sections
    .slice(0, 3)
    .map((s) => s.title)
    .join(' ');
  return /(决算|预算)/.test(titles) && /(说明|公开|报告|决算|预算)/.test(titles) && doc.sections.length > 0;
}

/** Largest text checked (characters); beyond it a report gets one finding and no checks. */
export const MAX_TEXT = 4_000_000;

export function check(text: string, options: CheckOptions = {}): CheckResult {
  const lang: Lang = options.lang ?? 'zh-CN';
  const tooLarge = text.length > MAX_TEXT;
  const doc = readReport(tooLarge ? '' : text, options.path);
  doc.path = options.path;
  const docs = [doc, ...linkedDocs(doc, options)];
  const extraction = extract(doc);
  for (const d of docs.slice(1)) extract(d, extraction);
  const network = buildNetwork(extraction);
  const ctx = { doc, docs, ex: extraction, net: network, lang, options };
  let findings = collectFindings(ctx);
  if (tooLarge) {
    findings.push({
      rule: 'front-matter',
      severity: 'warning',
      span: { start: 0, end: 0 },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message:
        lang === 'en'
          ? `the file is too large to check (${text.length} characters; at most ${MAX_TEXT})`
          : `文件过大，未检查（${text.length} 字符，上限 ${MAX_TEXT}）`,
      related: [],
      fixes: [],
    });
  }
  findings = applySuppressions(
    findings.filter((f) => !f.path),
    text,
    doc.lines,
    doc.format === 'yaml',
  ).concat(
    ...docs.slice(1).map((d) =>
      applySuppressions(
        findings.filter((f) => f.path === d.path),
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
  const structure = doc.format === 'yaml' ? undefined : structureOf(doc, options.profiles);
  return {
    findings: dedupe(findings),
    doc,
    linked: docs.slice(1),
    extraction,
    network,
    isReport: isReport(doc),
    structure,
  };
}

/** Parsed linked files by path (the parse is pure: same text, same document). */
const LINKED = new Map<string, { text: string; doc: ReportDoc }>();

/** The tables file a narrative names in its front matter (数据: tables.yaml), read by the host. */
function linkedDocs(doc: ReportDoc, options: CheckOptions): ReportDoc[] {
  const name = doc.meta.fields['数据']?.value;
  if (typeof name !== 'string' || !options.readFile || !options.path) return [];
  const path = resolvePath(options.path, name);
  let text: string | undefined;
  try {
    text = options.readFile(path);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    doc.problems.push({
      message: { 'zh-CN': `找不到「数据」所指的文件：${name}`, en: `the file named by 数据 is not found: ${name}` },
      span: doc.meta.fields['数据'].span,
    });
    return [];
  }
  const hit = LINKED.get(path);
  if (hit && hit.text === text) return [hit.doc];
  const linked = readReport(text.length > MAX_TEXT ? '' : text, path);
  linked.path = path;
  // an editor re-checks the narrative on every keystroke: keep the parsed tables file
  LINKED.delete(path);
  LINKED.set(path, { text, doc: linked });
  if (LINKED.size > 8) LINKED.delete(LINKED.keys().next().value as string);
  return [linked];
}

/** `name` relative to the directory of `from` (either separator). */
export function resolvePath(from: string, name: string): string {
  if (/^([a-zA-Z]:)?[\\/]/.test(name)) return name;
  const cut = Math.max(from.lastIndexOf('/'), from.lastIndexOf('\\'));
  return cut < 0 ? name : from.slice(0, cut + 1) + name;
}

function configure(findings: Finding[], options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.rule === 'rounding-difference' && options.roundingDifferences === 'hide') continue;
    const conf = options.rules?.[f.rule];
    if (conf === 'off') continue;
    if (conf && f.severity === RULE_BY_ID.get(f.rule)?.severity) out.push({ ...f, severity: conf as Severity });
    else out.push(f);
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

export { hoverAt, documentSymbols, foldingRanges, fixAllEdits, disableEdit, factAt } from './features/service';
export type { Hover, OutlineSymbol } from './features/service';
export { applyEdits, certainFixes } from './features/fix';
