/**
 * Engine results → LSP types. No checking logic here: every figure, message, fix and hover
 * text comes from the engine; this module only reshapes them for the protocol.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  FoldingRangeKind,
  SymbolKind,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { disableEdit, documentSymbols, foldingRanges, hoverAt, type CheckResult, type Finding, type Lang, type OutlineSymbol } from '../engine';
import type { ConfigProblem } from './settings';

export const SOURCE = 'suanpan';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.suanpan`;
export const RULE_DOCS_BASE = 'https://github.com/suanpan/suanpan/blob/main/docs/rules/';

export function ruleDocUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(rule)}.md`;
}

/** What a diagnostic carries for the code actions (never parsed from the message). */
export interface DiagnosticData {
  rule: string;
  /** The document version the diagnostic was computed on. */
  version: number;
  fixes: Array<{
    title: string;
    certain: boolean;
    /** `oldText` is the text the edit replaces, to tell whether the edit still applies. */
    edits: Array<{ range: Range; newText: string; oldText: string }>;
  }>;
  expected?: string;
}

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding, uri: string, version: number, text: string): Diagnostic {
  const data: DiagnosticData = {
    rule: f.rule,
    version,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => ({ range: e.range, newText: e.newText, oldText: text.slice(e.span.start, e.span.end) })),
    })),
  };
  if (f.expected !== undefined) data.expected = f.expected;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.related.length) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  return d;
}

export function toDiagnostics(result: CheckResult, uri: string, version: number, text: string): Diagnostic[] {
  return result.findings.map((f) => toDiagnostic(f, uri, version, text));
}

export function configDiagnostics(problems: ConfigProblem[], lang: Lang): Diagnostic[] {
  return problems.map((p) => ({
    range: { start: p.start, end: p.end },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: 'config',
    source: SOURCE,
    message: p.message[lang],
  }));
}

export function toHover(result: CheckResult, offset: number, lang: Lang): Hover | null {
  const h = hoverAt(result, offset, lang);
  return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  part: SymbolKind.Module,
  section: SymbolKind.Namespace,
  table: SymbolKind.Array,
};

export function toSymbols(result: CheckResult): DocumentSymbol[] {
  const conv = (s: OutlineSymbol): DocumentSymbol => ({
    name: s.name.trim() || '—',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind] ?? SymbolKind.String,
    range: s.range,
    // LSP requires the selection range inside the full range
    selectionRange: contains(s.range, s.selectionRange) ? s.selectionRange : { start: s.range.start, end: s.range.start },
    children: s.children.map(conv),
  });
  return documentSymbols(result).map(conv);
}

export function toFolding(result: CheckResult): FoldingRange[] {
  return foldingRanges(result).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Region }));
}

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

// ---------------------------------------------------------------------------------------
// Code actions

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

/** Validates `diagnostic.data` from the client: it round-trips through the editor. */
export function readData(d: Diagnostic): DiagnosticData | undefined {
  const x = d.data as Partial<DiagnosticData> | undefined;
  if (!x || typeof x !== 'object' || typeof x.rule !== 'string' || !Array.isArray(x.fixes)) return undefined;
  const okRange = (r: unknown): r is Range => {
    const q = r as Range;
    return !!q && typeof q === 'object' && !!q.start && !!q.end && [q.start.line, q.start.character, q.end.line, q.end.character].every((n) => Number.isInteger(n) && n >= 0);
  };
  const fixes = x.fixes.filter(
    (f) => f && typeof f.title === 'string' && Array.isArray(f.edits) && f.edits.every((e) => e && okRange(e.range) && typeof e.newText === 'string' && typeof e.oldText === 'string'),
  );
  return { rule: x.rule, version: typeof x.version === 'number' ? x.version : -1, fixes, expected: typeof x.expected === 'string' ? x.expected : undefined };
}

export interface CodeActionInput {
  doc: TextDocument;
  /** The check result for `doc` as it is now. */
  result: CheckResult;
  diagnostics: Diagnostic[];
  only?: string[];
  lang: Lang;
  /** Computes the fix-all edits (to a fixed point) on demand. */
  fixAll: () => TextEdit[];
  /** Whether the client takes versioned `documentChanges`. */
  documentChanges?: boolean;
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return kind !== FIX_ALL_KIND; // source actions only on request
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function workspaceEdit(doc: TextDocument, edits: TextEdit[], documentChanges = true): WorkspaceEdit {
  return documentChanges
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
}

/** Whether an edit computed on an earlier version still applies to the text as it is now. */
function stillApplies(doc: TextDocument, e: { range: Range; oldText: string }): boolean {
  return doc.getText(e.range) === e.oldText;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { doc, result, lang, only } = input;
  const out: CodeAction[] = [];
  const ours = input.diagnostics.filter((d) => d.source === SOURCE && readData(d));
  if (wants(only, CodeActionKind.QuickFix)) {
    const disabled = new Set<string>();
    for (const d of ours) {
      const data = readData(d)!;
      const fixes = data.fixes.filter((f) => f.edits.length > 0 && f.edits.every((e) => stillApplies(doc, e)));
      const preferred = fixes.findIndex((f) => f.certain) >= 0 ? fixes.findIndex((f) => f.certain) : fixes.length === 1 ? 0 : -1;
      fixes.forEach((f, i) => {
        out.push({
          title: f.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === preferred,
          edit: workspaceEdit(doc, f.edits.map((e) => ({ range: e.range, newText: e.newText })), input.documentChanges),
        });
      });
      const line = d.range.start.line;
      if (line >= doc.lineCount) continue;
      for (const scope of ['line', 'file'] as const) {
        const key = `${data.rule}|${scope}|${scope === 'line' ? line : ''}`;
        if (disabled.has(key)) continue;
        disabled.add(key);
        const e = disableEdit(result, data.rule, line, scope);
        out.push({
          title: scope === 'line'
            ? T(lang, `在此行停用规则 ${data.rule}`, `Disable ${data.rule} for this line`)
            : T(lang, `在此文件中停用规则 ${data.rule}`, `Disable ${data.rule} for this file`),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: workspaceEdit(doc, [{ range: e.range, newText: e.newText }], input.documentChanges),
        });
      }
    }
  }
  const fixAllTitle = T(lang, '修复全部可自动修复的算盘问题', 'Fix all auto-fixable Suanpan problems');
  if (wants(only, FIX_ALL_KIND)) {
    const edits = input.fixAll();
    if (edits.length) out.push({ title: fixAllTitle, kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits, input.documentChanges) });
  } else if (wants(only, CodeActionKind.QuickFix) && ours.some((d) => readData(d)!.fixes.some((f) => f.certain))) {
    // Offered next to the quick fixes when there is more than one thing to fix.
    const certain = result.findings.filter((f) => f.fixes.some((x) => x.certain)).length;
    if (certain > 1) {
      const edits = input.fixAll();
      if (edits.length) out.push({ title: fixAllTitle, kind: CodeActionKind.QuickFix, edit: workspaceEdit(doc, edits, input.documentChanges) });
    }
  }
  return out;
}
