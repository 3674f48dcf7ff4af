/**
 * The Suanpan engine: a pure library, text in, findings out. It never imports the LSP or
 * VS Code packages; the language server and the CLI are thin layers over this module.
 */
import { collectFindings } from './check';
import { extract, type Extraction } from './extract';
import { readMarkdown } from './markdown';
import type { ReportDoc } from './model';
import { buildNetwork, type Network } from './network-build';
import { readPlainText } from './plaintext';
import { readYamlReport } from './yaml-report';
import { RULE_BY_ID, RULES } from './rules';
import { applySuppressions } from './suppress';
import type { CheckOptions, Finding, Lang, Severity } from './types';

export * from './types';
export { RULES, RULE_BY_ID };
export type { ReportDoc, Extraction, Network };

export interface CheckResult {
  findings: Finding[];
  doc: ReportDoc;
  extraction: Extraction;
  network: Network;
  /** Whether the text is a budget / final-accounts report at all. */
  isReport: boolean;
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
  const titles = doc.sections.slice(0, 3).map((s) => s.title).join(' ');
  return /(决算|预算)/.test(titles) && /(说明|公开|报告|决算|预算)/.test(titles) && doc.sections.length > 0;
}

export function check(text: string, options: CheckOptions = {}): CheckResult {
  const lang: Lang = options.lang ?? 'zh-CN';
  const doc = readReport(text, options.path);
  const extraction = extract(doc);
  const network = buildNetwork(extraction);
  const ctx = { doc, ex: extraction, net: network, lang };
  let findings = collectFindings(ctx);
  findings = applySuppressions(findings, text, doc.lines);
  findings = configure(findings, options);
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule));
  return { findings: dedupe(findings), doc, extraction, network, isReport: isReport(doc) };
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

export { hoverAt, documentSymbols, foldingRanges, fixAllEdits, disableEdit, factAt } from './service';
export type { Hover, OutlineSymbol } from './service';
export { applyEdits, certainFixes } from './fix';
