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
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigProblem } from '../config';
import {
  disableEdit,
  documentSymbols,
  fixTitle,
  foldingRanges,
  hoverAt,
  type CheckResult,
  type DisableDoc,
  type Engine,
  type Finding,
  type Hover as EngineHover,
  type Lang,
  type OutlineSymbol,
} from '../engine';

export const SOURCE = 'suanpan';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.suanpan`;
export const RULE_DOCS_BASE = 'https://github.com/suanpan/suanpan/blob/main/docs/rules/';

export function ruleDocUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(rule)}.md`;
}

/** What a diagnostic carries for the code actions (never parsed from the message). */
export interface DiagnosticData {
  rule: string;
  /** The document version the diagnostic was computed on (of `origin`). */
  version: number;
  /** The document whose check produced it (a narrative, for a finding in its tables file). */
  origin: string;
  /** The file path of the finding when it is in a linked file, for the disable comment. */
  path?: string;
  fixes: Array<{
    title: string;
    certain: boolean;
    /** `oldText` is the text the edit replaces, to tell whether the edit still applies. */
    edits: Array<{ uri: string; range: Range; newText: string; oldText: string }>;
  }>;
  expected?: string;
}

/** How the checked document and the files it links are addressed. */
export interface DiagnosticContext {
  uri: string;
  version: number;
  text: string;
  /** The URI of a linked file's path. */
  uriOf(path: string): string;
  /** The link of a rule's page (the server's: bundled or public); the repository's page by default. */
  docUrl?: (rule: string) => string;
}

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What diagnostics are made of: a check's findings and the files it linked (engine result or worker's view). */
export interface FindingsOf {
  findings: Finding[];
  linked: ReadonlyArray<{ path?: string; source: string }>;
}

/** What the code actions read of a check: its findings and the documents a disable comment goes in. */
export interface ActionsOf {
  findings: Finding[];
  doc: DisableDoc;
  linked: readonly DisableDoc[];
}

export function toDiagnostic(
  f: Finding,
  ctx: DiagnosticContext,
  result?: FindingsOf,
): { uri: string; diagnostic: Diagnostic } {
  const textOf = (path: string | undefined) =>
    path ? (result?.linked.find((d) => d.path === path)?.source ?? '') : ctx.text;
  const uriOf = (path: string | undefined) => (path ? ctx.uriOf(path) : ctx.uri);
  const data: DiagnosticData = {
    rule: f.rule,
    version: ctx.version,
    origin: ctx.uri,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => ({
        uri: uriOf(e.path),
        range: e.range,
        newText: e.newText,
        oldText: textOf(e.path).slice(e.span.start, e.span.end),
      })),
    })),
  };
  if (f.path) data.path = f.path;
  if (f.expected !== undefined) data.expected = f.expected;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.rule,
    codeDescription: { href: (ctx.docUrl ?? ruleDocUrl)(f.rule) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.related.length)
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: uriOf(r.path), range: r.range },
      message: r.message,
    }));
  return { uri: uriOf(f.path), diagnostic: d };
}

/** The diagnostics of a check, by the URI of the file each finding is in. */
export function toDiagnostics(result: FindingsOf, ctx: DiagnosticContext): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>([[ctx.uri, []]]);
  for (const f of result.findings) {
    const { uri, diagnostic } = toDiagnostic(f, ctx, result);
    const list = out.get(uri) ?? [];
    list.push(diagnostic);
    out.set(uri, list);
  }
  return out;
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

/** The engine's hover as an LSP hover. */
export function hoverToLsp(h: EngineHover | undefined): Hover | null {
  return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
}

/** The hover at an offset of a result (the engine's hoverAt, reshaped). */
export function toHover(result: CheckResult, offset: number, lang: Lang): Hover | null {
  return hoverToLsp(hoverAt(result, offset, lang));
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  part: SymbolKind.Module,
  section: SymbolKind.Namespace,
  table: SymbolKind.Array,
};

/** The engine's outline as LSP document symbols. */
export function symbolsToLsp(symbols: OutlineSymbol[]): DocumentSymbol[] {
  const conv = (s: OutlineSymbol): DocumentSymbol => ({
    name: s.name.trim() || '—',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind] ?? SymbolKind.String,
    range: s.range,
    // LSP requires the selection range inside the full range
    selectionRange: contains(s.range, s.selectionRange)
      ? s.selectionRange
      : { start: s.range.start, end: s.range.start },
    children: s.children.map(conv),
  });
  return symbols.map(conv);
}

export function toSymbols(result: CheckResult): DocumentSymbol[] {
  return symbolsToLsp(documentSymbols(result));
}

/** The engine's folding ranges as LSP ones. */
export function foldingToLsp(ranges: Array<{ startLine: number; endLine: number }>): FoldingRange[] {
  return ranges.map((r) => ({
    startLine: r.startLine,
    endLine: r.endLine,
    kind: FoldingRangeKind.Region,
  }));
}

export function toFolding(result: CheckResult): FoldingRange[] {
  return foldingToLsp(foldingRanges(result));
}

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

// ---------------------------------------------------------------------------------------
// Code actions

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

/** Validates `diagnostic.data` from the client: it round-trips through the editor. */
export function readData(d: Diagnostic, docUri: string): DiagnosticData | undefined {
  const x = d.data as Partial<DiagnosticData> | undefined;
  if (!x || typeof x !== 'object' || typeof x.rule !== 'string' || !Array.isArray(x.fixes)) return undefined;
  const okRange = (r: unknown): r is Range => {
    const q = r as Range;
    return (
      !!q &&
      typeof q === 'object' &&
      !!q.start &&
      !!q.end &&
      [q.start.line, q.start.character, q.end.line, q.end.character].every((n) => Number.isInteger(n) && n >= 0)
    );
  };
  const fixes = x.fixes
    .filter(
      (f) =>
        f &&
        typeof f.title === 'string' &&
        Array.isArray(f.edits) &&
        f.edits.every((e) => e && okRange(e.range) && typeof e.newText === 'string' && typeof e.oldText === 'string'),
    )
    .map((f) => ({
      title: f.title,
      certain: !!f.certain,
      edits: f.edits.map((e) => ({ ...e, uri: typeof e.uri === 'string' ? e.uri : docUri })),
    }));
  return {
    rule: x.rule,
    version: typeof x.version === 'number' ? x.version : -1,
    origin: typeof x.origin === 'string' ? x.origin : docUri,
    path: typeof x.path === 'string' ? x.path : undefined,
    fixes,
    expected: typeof x.expected === 'string' ? x.expected : undefined,
  };
}

export interface CodeActionInput {
  /** The document the actions are asked for. */
  uri: string;
  diagnostics: Diagnostic[];
  only?: string[];
  lang: Lang;
  /** The text of a document as it is now (open or on disk), or undefined. */
  textOf: (uri: string) => string | undefined;
  /** The version of an open document, or null for a file on disk. */
  versionOf: (uri: string) => number | null;
  /** The current check result of a document (the origin of a diagnostic), for disable edits. */
  resultOf: (uri: string) => ActionsOf | undefined;
  /** Computes the fix-all edits of `uri` (to a fixed point) on demand. */
  fixAll: () => TextEdit[];
  /** Whether the client takes versioned `documentChanges`. */
  documentChanges?: boolean;
  /** The engine's disable-comment edit (the server's engine; the engine's function by default). */
  disableEdit?: Engine['disableEdit'];
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return kind !== FIX_ALL_KIND; // source actions only on request
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** A workspace edit over one or more documents, versioned when the client allows. */
export function workspaceEdit(
  edits: Array<{ uri: string; range: Range; newText: string }>,
  versionOf: (uri: string) => number | null,
  documentChanges = true,
): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), { range: e.range, newText: e.newText }]);
  if (documentChanges)
    return {
      documentChanges: [...byUri].map(([uri, es]) => ({ textDocument: { uri, version: versionOf(uri) }, edits: es })),
    };
  return { changes: Object.fromEntries(byUri) };
}

/** Whether an edit computed on an earlier version still applies to the text as it is now. */
function stillApplies(
  input: CodeActionInput,
  e: { uri: string; range: Range; oldText: string },
  docs: Map<string, TextDocument | null>,
): boolean {
  let doc = docs.get(e.uri);
  if (doc === undefined) {
    const text = input.textOf(e.uri);
    doc = text === undefined ? null : TextDocument.create(e.uri, 'plaintext', 0, text);
    docs.set(e.uri, doc);
  }
  if (!doc) return false;
  const { start, end } = e.range;
  if (start.line >= doc.lineCount || end.line >= doc.lineCount) return false;
  return doc.getText(e.range) === e.oldText;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { lang, only } = input;
  const out: CodeAction[] = [];
  const docs = new Map<string, TextDocument | null>();
  const ours = input.diagnostics
    .filter((d) => d && d.source === SOURCE)
    .map((d) => ({ d, data: readData(d, input.uri) }))
    .filter((x): x is { d: Diagnostic; data: DiagnosticData } => !!x.data);
  const we = (edits: Array<{ uri: string; range: Range; newText: string }>) =>
    workspaceEdit(edits, input.versionOf, input.documentChanges);
  if (wants(only, CodeActionKind.QuickFix)) {
    const disabled = new Set<string>();
    for (const { d, data } of ours) {
      const fixes = data.fixes.filter((f) => f.edits.length > 0 && f.edits.every((e) => stillApplies(input, e, docs)));
      // preferred only when certain (never a lone suggestion); an uncertain one says 「可能」
      const preferred = fixes.findIndex((f) => f.certain);
      fixes.forEach((f, i) => {
        out.push({
          title: fixTitle(f, lang),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === preferred,
          edit: we(f.edits),
        });
      });
      const result = input.resultOf(data.origin);
      const line = d.range?.start?.line;
      if (!result || typeof line !== 'number') continue;
      for (const scope of ['line', 'file'] as const) {
        const key = `${data.rule}|${scope}|${scope === 'line' ? line : ''}`;
        if (disabled.has(key)) continue;
        disabled.add(key);
        let e;
        try {
          e = (input.disableEdit ?? disableEdit)(result, data.rule, line, scope, data.path);
        } catch {
          continue;
        }
        out.push({
          title:
            scope === 'line'
              ? T(lang, `在此行停用规则 ${data.rule}`, `Disable ${data.rule} for this line`)
              : T(lang, `在此文件中停用规则 ${data.rule}`, `Disable ${data.rule} for this file`),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: we([{ uri: e.path ? input.uri : data.origin, range: e.range, newText: e.newText }]),
        });
      }
    }
  }
  const fixAllTitle = T(lang, '修复全部可自动修复的算盘问题', 'Fix all auto-fixable Suanpan problems');
  const fixAllEdit = () => {
    const edits = input.fixAll();
    return edits.length ? we(edits.map((e) => ({ uri: input.uri, range: e.range, newText: e.newText }))) : undefined;
  };
  if (wants(only, FIX_ALL_KIND)) {
    const edit = fixAllEdit();
    if (edit) out.push({ title: fixAllTitle, kind: FIX_ALL_KIND, edit });
  } else if (
    wants(only, CodeActionKind.QuickFix) &&
    ours.filter((x) => x.data.fixes.some((f) => f.certain)).length > 0
  ) {
    // offered next to the quick fixes when the document has more than one thing to fix
    const result = input.resultOf(input.uri);
    if (result && result.findings.filter((f) => !f.path && f.fixes.some((x) => x.certain)).length > 1) {
      const edit = fixAllEdit();
      if (edit) out.push({ title: fixAllTitle, kind: CodeActionKind.QuickFix, edit });
    }
  }
  return out;
}
