/**
 * The last guard before findings leave the engine: every span is a pair of integer offsets
 * inside the text of its file, every range is the one its span gives, the edits of a fix lie
 * inside their file and do not overlap. A finding whose own place is invalid is dropped; a fix
 * or a related figure that is invalid is dropped from its finding. Each drop is counted, so a
 * bug upstream shows in the result (CheckResult.dropped) instead of corrupting a document.
 * A certain fix must replace what is there: an edit that inserts at an empty span or leaves the
 * text as it is cannot be certain (it is kept as a suggestion), so applying the certain fixes
 * never inserts the same text round after round.
 */
import type { DocRef, ReportDoc } from '../read/model';
import type { Finding, Fix, RelatedFigure, Span } from '../types';

export interface Validated {
  findings: Finding[];
  /** How many findings, fixes and related figures were dropped as invalid. */
  dropped: number;
}

/**
 * A document findings may point into: the report and its linked files (with their text), the
 * partner reports (cross/: only their path and line starts; a fix cannot edit them).
 */
type Doc = ReportDoc | (DocRef & { source?: undefined });

export function validateFindings(findings: Finding[], docs: Doc[]): Validated {
  const byPath = new Map<string | undefined, Doc>([[undefined, docs[0]]]);
  for (const d of docs.slice(1)) if (d.path) byPath.set(d.path, d);
  let dropped = 0;
  const out: Finding[] = [];
  for (const f of findings) {
    const doc = byPath.get(f.path);
    if (!doc || !validSpan(f.span, doc)) {
      dropped++;
      continue;
    }
    const related = f.related.filter((r) => validPlace(r, byPath));
    const fixes = f.fixes.filter((x) => validFix(x, byPath)).map((x) => (x.certain ? replacing(x, byPath) : x));
    dropped += f.related.length - related.length + f.fixes.length - fixes.length;
    out.push({ ...f, range: doc.lines.range(f.span), related, fixes, data: withFixes(f, fixes) });
  }
  return { findings: out, dropped };
}

function validSpan(s: Span, doc: Doc): boolean {
  return (
    Number.isInteger(s.start) &&
    Number.isInteger(s.end) &&
    0 <= s.start &&
    s.start <= s.end &&
    s.end <= (doc.source ?? doc.lines).length
  );
}

function validPlace(r: RelatedFigure, byPath: Map<string | undefined, Doc>): boolean {
  const doc = byPath.get(r.path);
  return !!doc && validSpan(r.span, doc);
}

function validFix(fix: Fix, byPath: Map<string | undefined, Doc>): boolean {
  if (!fix.edits.length) return false;
  const byFile = new Map<string | undefined, Span[]>();
  for (const e of fix.edits) {
    const doc = byPath.get(e.path);
    if (doc?.source === undefined || !validSpan(e.span, doc) || typeof e.newText !== 'string') return false;
    const l = byFile.get(e.path) ?? [];
    l.push(e.span);
    byFile.set(e.path, l);
  }
  for (const spans of byFile.values()) {
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) return false;
  }
  // the ranges are rebuilt from the spans, so a host applying ranges applies the same edit
  for (const e of fix.edits) e.range = byPath.get(e.path)!.lines.range(e.span);
  return true;
}

/** A certain fix whose every edit replaces a non-empty span with other text; otherwise a suggestion. */
function replacing(fix: Fix, byPath: Map<string | undefined, Doc>): Fix {
  const replaces = fix.edits.every(
    (e) => e.span.end > e.span.start && byPath.get(e.path)!.source!.slice(e.span.start, e.span.end) !== e.newText,
  );
  return replaces ? fix : { ...fix, certain: false };
}

/** The payload editors read (diagnostic.data) names exactly the fixes that remain. */
function withFixes(f: Finding, fixes: Fix[]): Record<string, unknown> | undefined {
  if (!f.data || (fixes.length === f.fixes.length && fixes.every((x, i) => x === f.fixes[i]))) return f.data;
  return {
    ...f.data,
    fixes: fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => ({ range: e.range, newText: e.newText, path: e.path })),
    })),
  };
}
