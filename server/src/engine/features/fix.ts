/** Applying fixes: minimal, non-overlapping text edits; a fix never loses text around it. */
import type { Finding, Fix, TextEdit } from '../types';

/** The certain fixes of the findings, first come first served, dropping any that overlap. */
export function certainFixes(findings: Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: Array<[number, number]> = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.certain);
    if (!fix) continue;
    const overlaps = fix.edits.some((e) =>
      taken.some(
        ([a, b]) =>
          (e.span.start < b && a < e.span.end) || (e.span.start === e.span.end && e.span.start > a && e.span.start < b),
      ),
    );
    if (overlaps) continue;
    if (chosen.some((c) => sameEdits(c, fix))) continue;
    chosen.push(fix);
    for (const e of fix.edits) taken.push([e.span.start, e.span.end]);
  }
  return chosen;
}

function sameEdits(a: Fix, b: Fix): boolean {
  return (
    a.edits.length === b.edits.length &&
    a.edits.every(
      (e, i) =>
        e.span.start === b.edits[i].span.start &&
        e.span.end === b.edits[i].span.end &&
        e.newText === b.edits[i].newText,
    )
  );
}

/** Applies edits (UTF-16 offsets into `text`) from the end backwards. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.span.end > limit) continue; // overlapping: skip rather than corrupt
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    limit = e.span.start;
  }
  return out;
}
