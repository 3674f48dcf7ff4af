/** Folding ranges: each section, from its heading to its last non-blank line. */
import type { CheckResult } from '../pipeline';

export function foldingRanges(result: CheckResult): Array<{ startLine: number; endLine: number }> {
  const { doc } = result;
  const out: Array<{ startLine: number; endLine: number }> = [];
  for (const s of doc.sections) {
    const start = doc.lines.position(s.titleSpan.start).line;
    let end = doc.lines.position(Math.max(s.span.end - 1, s.span.start)).line;
    while (end > start && doc.source.slice(doc.lines.lineStart(end), doc.lines.lineEnd(end)).trim() === '') end--;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  return out;
}
