/**
 * The layout profile's part of a heading's hover: on the title, the profile the report is
 * checked against and how it was chosen; on a section heading, its place in the profile.
 */
import type { CheckResult } from '../pipeline';
import type { Section } from '../read/model';
import { allMatches, type ItemMatch } from '../structure/structure';
import type { Lang } from '../types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

/** Lines about the layout profile for a section heading's hover. */
export function profileHoverLines(result: CheckResult, s: Section, lang: Lang): string[] {
  const choice = result.structure;
  const a = choice?.analysis;
  const out: string[] = [];
  if (s.level === 1 || s === result.doc.sections[0]) {
    if (!a) {
      out.push(
        '',
        T(
          lang,
          `布局：未识别${choice?.unknownTemplate ? `（「模板」${choice.unknownTemplate} 未知）` : ''}`,
          `Layout: not recognised${choice?.unknownTemplate ? ` (模板 ${choice.unknownTemplate} is unknown)` : ''}`,
        ),
      );
      return out;
    }
    let found = 0;
    let required = 0;
    for (const m of allMatches(a)) {
      if (!m.item.required) continue;
      required++;
      if (m.anchor || m.implicit) found++;
    }
    const how =
      a.how === 'front-matter'
        ? T(lang, '前言「模板」指定', 'named by 模板 in the front matter')
        : T(lang, '按标题、部分名称和表目识别', 'detected from the title, part names and table list');
    const source = a.profile.source === 'workspace' ? T(lang, '，工作区', ', workspace') : '';
    out.push('', `${T(lang, '布局', 'Layout')}: **${a.profile.name[lang]}** (\`${a.profile.id}\`${source}) — ${how}  `);
    out.push(
      T(
        lang,
        `必备部分、章节和报表 ${found}/${required} 项齐全`,
        `${found} of ${required} required parts, sections and tables present`,
      ),
    );
    return out;
  }
  if (!a) return out;
  const m = [...allMatches(a)].find((x) => x.anchor?.section === s);
  if (!m) return out;
  const path: string[] = [];
  for (let p: ItemMatch | undefined = m; p; p = p.parent) path.unshift(p.item.title);
  out.push('', `${T(lang, '布局章节', 'Layout section')}: ${path.join(' › ')} (\`${a.profile.id}\`)`);
  if (m.item.empty) {
    out.push(T(lang, '数字为零或无数字时须说明为空', 'must say it is empty when its figures are zero or absent'));
  }
  const missing = m.children.filter((c) => !c.anchor && c.item.required).map((c) => c.item.title);
  if (missing.length) out.push(T(lang, `缺少：${missing.join('、')}`, `missing: ${missing.join(', ')}`));
  return out;
}
