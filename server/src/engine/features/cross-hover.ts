/**
 * Hover lines of a figure checked against other reports: the same figure in the partner documents,
 * each with its file and line, the concept's name, the 类/款/项 (or 经济分类) code and name of its
 * row where it is a cell of a coded row, and its value.
 */
import { fmtLike } from '../util/decimal';
import { labelOf, show, unitOf } from '../rules/context';
import type { Fact } from '../facts/extract';
import type { CheckResult } from '../pipeline';
import type { Lang } from '../types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export function crossHoverLines(result: CheckResult, f: Fact, lang: Lang): string[] {
  const rels = result.cross?.relations.filter((r) => r.here.fact === f || r.here.delta === f) ?? [];
  if (!rels.length) return [];
  const lines = ['', `${T(lang, '其他报告中的同一数字', 'The same figure in other reports')}:`];
  for (const r of rels) {
    const base = r.here.via === 'stated' ? '' : T(lang, `（${r.here.year}年）`, ` (${r.here.year})`);
    for (const p of r.partners) {
      const name = (p.entry.path ?? '').replace(/^.*[\\/]/, '');
      const line = p.entry.doc.lines.position(p.figure.fact.span.start).line + 1;
      const value =
        p.figure.via === 'stated'
          ? show(p.figure.fact)
          : fmtLike(p.figure.interval.mid().div(p.figure.fact.factor), p.figure.fact.written.decimals, false) +
            unitOf(p.figure.fact);
      const item = p.figure.item ? `（${p.figure.item.code} ${p.figure.item.name}）` : '';
      lines.push(`- ${r.ok ? '✓' : '✗'} ${name}:${line}${base} ${labelOf(p.figure.fact, lang)}${item} ${value}`);
    }
  }
  return lines;
}
