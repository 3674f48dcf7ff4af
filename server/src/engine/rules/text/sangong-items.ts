/**
 * sangong-items: the prose explaining the “三公” figures states each item the template requires
 * (因公出国（境）费, 公务用车购置费, 公务用车运行维护费, 公务接待费) with its amount. An item the
 * section never names is reported on the section's heading; one named but never with an amount
 * (nor as not spent: 「无因公出国（境）费」) on its first mention. A report that states it has no
 * 三公 spending (「无“三公”经费财政拨款支出」) needs none. The items, their other names and the
 * combined car item (公务用车购置及运行费, which names neither part) are data (hygiene.yaml).
 */
import { hygiene } from '../../knowledge/hygiene';
import type { Paragraph, ReportDoc, Section } from '../../read/model';
import { sectionPath } from '../../read/model';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

const SG = hygiene.sangong;

/** The sections explaining the 三公 figures (not their table), outermost only. */
function sangongSections(doc: ReportDoc): Section[] {
  const title = (s: Section) => doc.source.slice(s.titleSpan.start, s.titleSpan.end).replace(/\s+/g, '');
  const is = (s: Section) => {
    const x = title(s);
    return x.includes(SG.headingWord) && !x.includes(SG.tableWord) && SG.sectionWords.some((w) => x.includes(w));
  };
  return doc.sections.filter((s) => is(s) && !sectionPath(s.parent).some(is));
}

/** Where an item is named in a text, and whether one of its mentions carries an amount. */
function mentions(text: string, re: RegExp): { first?: number; len: number; withAmount: boolean } {
  re.lastIndex = 0;
  let first: number | undefined;
  let len = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (first === undefined) {
      first = m.index;
      len = m[0].length;
    }
    const rest = text.slice(m.index + m[0].length);
    const sentence = rest.slice(0, rest.search(/[。；;]|$/));
    // an amount (or a zero) soon after it in its sentence: 「因公出国（境）费支出决算 0.00 万元」
    const soon = sentence.slice(0, 40);
    if (SG.amountRe.test(soon) || SG.zeroAfterRe.test(soon)) return { first, len, withAmount: true };
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (SG.zeroRe.test(before.replace(/[“”"（(]/g, ''))) return { first, len, withAmount: true };
  }
  return { first, len, withAmount: false };
}

function checkSection(ctx: Ctx, report: Report, sec: Section, paras: Paragraph[]): void {
  const { lang, doc } = ctx;
  const texts = paras.map((p) => p.text.text.replace(SG.combinedRe, (w) => '\u0000'.repeat(w.length)));
  if (paras.some((p) => SG.noneRe.test(p.text.text))) return;
  const heading = doc.source.slice(sec.titleSpan.start, sec.titleSpan.end).trim();
  const missing: string[] = [];
  SG.items.forEach((item, i) => {
    let firstAt: { k: number; at: number; len: number } | undefined;
    for (const [k, text] of texts.entries()) {
      const m = mentions(text, SG.itemRes[i]);
      if (m.withAmount) return;
      if (m.first !== undefined && !firstAt) firstAt = { k, at: m.first, len: m.len };
    }
    if (!firstAt) {
      missing.push(item.name);
      return;
    }
    report({
      span: paras[firstAt.k].text.span(firstAt.at, firstAt.at + firstAt.len),
      message: t(
        lang,
        `“三公”经费说明提到${item.name}，但未写明金额`,
        `the 三公 section names ${item.name} without its amount`,
      ),
      data: { item: item.name, kind: 'no-amount' },
    });
  });
  if (!missing.length) return;
  report({
    span: sec.titleSpan,
    message: t(
      lang,
      `“三公”经费说明未列出${missing.join('、')}及其金额（「${heading}」）`,
      `the 三公 section does not state ${missing.join(', ')} with the amount (「${heading}」)`,
    ),
    data: { items: missing, kind: 'missing' },
  });
}

function check(ctx: Ctx, report: Report): void {
  const { doc } = ctx;
  if (doc.format === 'yaml') return;
  const sections = sangongSections(doc);
  if (!sections.length) return;
  // the paragraphs under each (none of them is under another): one walk over the blocks
  const under = new Map<Section, Paragraph[]>(sections.map((s) => [s, []]));
  for (const b of doc.blocks) {
    if (b.kind !== 'paragraph') continue;
    const sec = sectionPath(b.section).find((s) => under.has(s));
    if (sec) under.get(sec)!.push(b);
  }
  for (const sec of sections) {
    const paras = under.get(sec)!;
    // a heading with no prose under it (a 目录 line the reader took for a heading) states nothing
    if (!paras.some((p) => SG.amountRe.test(p.text.text) || SG.noneRe.test(p.text.text))) continue;
    checkSection(ctx, report, sec, paras);
  }
}

export const rule = defineRule(
  {
    id: 'sangong-items',
    aliases: ['SP116'],
    tags: ['text', 'completeness'],
    title: { 'zh-CN': '“三公”经费说明缺项', en: 'An item missing from the 三公 section' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '“三公”经费情况说明应逐项写明模板要求的各项及其金额：因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费。' +
        '某项在说明中没有出现时在标题处报告，出现但没有金额（也未写「无……」）时在首次出现处报告。说明本单位无“三公”经费支出时不要求。' +
        '各项及其别名见 server/data/hygiene.yaml。',
      en:
        'The section explaining the “三公” figures states each item the template requires with its amount: 因公出国（境）费, ' +
        '公务用车购置费, 公务用车运行维护费, 公务接待费. An item the section never names is reported on its heading; one ' +
        'named without an amount (and not stated as not spent, 「无…」) on its first mention. Nothing is required ' +
        'when the report states it has no 三公 spending. The items and their other names are data (hygiene.yaml).',
    },
  },
  check,
);
