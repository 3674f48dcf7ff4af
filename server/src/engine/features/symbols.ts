/** Document symbols: the outline of parts and sections, with the tables each holds. */
import { knowledge } from '../knowledge';
import type { Section } from '../read/model';
import type { CheckResult } from '../pipeline';
import type { Range } from '../types';

const T = (lang: 'zh-CN' | 'en', zh: string, en: string) => (lang === 'en' ? en : zh);

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: 'part' | 'section' | 'table';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

export function documentSymbols(result: CheckResult): OutlineSymbol[] {
  const { doc } = result;
  const toSym = (s: Section): OutlineSymbol => {
    const children = s.children.map(toSym);
    for (const b of doc.blocks) {
      if (b.kind === 'table' && b.section === s) {
        children.push({
          name: b.caption ?? T('zh-CN', '表格', 'table'),
          detail: `${b.rows.length} 行`,
          kind: 'table',
          range: doc.lines.range(b.span),
          selectionRange: doc.lines.range({ start: b.span.start, end: b.span.start }),
          children: [],
        });
      }
    }
    children.sort((a, b) => a.range.start.line - b.range.start.line);
    return {
      name: s.title || '(untitled)',
      detail: knowledge.scopeName(s.scope, 'zh-CN'),
      kind: s.level <= 2 ? 'part' : 'section',
      range: doc.lines.range(s.span),
      selectionRange: doc.lines.range(s.titleSpan),
      children,
    };
  };
  return doc.root.children.map(toSym);
}
