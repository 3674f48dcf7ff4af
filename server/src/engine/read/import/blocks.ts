/**
 * The importers' common ground: a document as a list of blocks (title, headings, paragraphs,
 * the table of contents, tables), each with the page it starts on, written out as the Markdown
 * Suanpan reads (docs/format.md) with a page for every output line, and the front matter
 * inferred from the text (单位, 年度, 类型, 金额单位).
 */
import { joinText } from './text';

export type Block =
  | { kind: 'title'; text: string; page: number }
  | { kind: 'heading'; level: number; text: string; page: number }
  | { kind: 'para'; text: string; page: number }
  | { kind: 'toc'; entries: string[]; page: number }
  | { kind: 'table'; header: string[]; rows: string[][]; rowPages: number[]; page: number };

export interface ImportResult {
  markdown: string;
  /** The page (1-based) of each line of `markdown`; 0 for lines the importer added (front matter). */
  pages: number[];
  warnings: string[];
}

const PART = /^第[一二三四五六七八九十]+部分/;
const SECTION = /^[一二三四五六七八九十]+、/;
const SUBSECTION = /^[（(][一二三四五六七八九十]+[）)]/;

/** The heading level an outline-numbered line has (2, 3, 4), or 0 for none. */
export function outlineLevel(text: string): number {
  if (PART.test(text)) return 2;
  if (SECTION.test(text)) return 3;
  if (SUBSECTION.test(text)) return 4;
  return 0;
}

/** Whether a numbered line reads as a heading: short, not a sentence, not a glossary entry (「一、X：指…」). */
export function looksLikeHeading(text: string): boolean {
  if (!outlineLevel(text) || text.length > 48) return false;
  if (/[。；;]$/.test(text) || /[：:]./.test(text)) return false;
  return !/\d+\.\d{2}/.test(text);
}

/** A caption line: the name of a table printed just above it. */
export function looksLikeCaption(text: string): boolean {
  return text.length <= 60 && /表(?:[（(][^）)]*[）)])?$/.test(text) && !/^注/.test(text);
}

function cellOut(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, '');
}

const YEAR = /((?:19|20)\d{2})\s*年/;
const KIND = /(部门|单位)(决算|预算)/;

/** Front matter from the title and the lines naming the unit (预算主管部门：/编制部门：/编制单位：). */
export function inferFrontMatter(blocks: Block[]): Array<[string, string]> {
  const title = blocks.find((b) => b.kind === 'title')?.text ?? '';
  const texts = blocks.flatMap((b) => (b.kind === 'para' || b.kind === 'title' ? [b.text] : []));
  const all = [title, ...texts];
  const out: Array<[string, string]> = [];
  let unit: string | undefined;
  const named = texts
    .map((t) =>
      /(?:预算主管部门|主管部门|编制部门|编制单位|单位名称|部门名称)[：:]\s*([^\s：:]+?)(?:\s|$|单位[：:])/.exec(t),
    )
    .find((m) => m);
  if (named) unit = named[1];
  const y = YEAR.exec(title) ?? all.map((t) => YEAR.exec(t)).find((m) => m);
  if (!unit && title && y) unit = title.slice(0, title.indexOf(y[0])).replace(/[（(]?$/, '') || undefined;
  if (unit) out.push(['单位', unit]);
  if (y) out.push(['年度', y[1]]);
  const k = KIND.exec(title) ?? all.map((t) => KIND.exec(t)).find((m) => m);
  if (k) out.push(['类型', k[0]]);
  const units = texts.map((t) => /单位[：:]\s*(万元|元)/.exec(t)?.[1]).filter((u): u is string => !!u);
  if (units.length) {
    const wan = units.filter((u) => u === '万元').length;
    out.push(['金额单位', wan * 2 >= units.length ? '万元' : '元']);
  }
  return out;
}

/**
 * A part's title printed without its number (「某部门2024年度部门决算表」 atop the tables) takes
 * the number the 目录 gives it (「第二部分 某部门2024年度部门决算表」).
 */
export function numberPartsFromToc(blocks: Block[]): Block[] {
  const toc = blocks.find((b): b is Extract<Block, { kind: 'toc' }> => b.kind === 'toc');
  if (!toc) return blocks;
  const parts = new Map<string, string>();
  for (const e of toc.entries) {
    const m = /^(第[一二三四五六七八九十]+部分)\s*(.+)$/.exec(e);
    if (m) parts.set(m[2].replace(/\s+/g, ''), `${m[1]} ${m[2]}`);
  }
  const seen = new Set(
    blocks.flatMap((b) => (b.kind === 'heading' && b.level === 2 ? [b.text.replace(/\s+/g, '')] : [])),
  );
  return blocks.map((b) => {
    if (b.kind !== 'para') return b;
    const full = parts.get(b.text.replace(/\s+/g, ''));
    return full && !seen.has(full.replace(/\s+/g, '')) ? { kind: 'heading', level: 2, text: full, page: b.page } : b;
  });
}

const LEVEL = /^(.*?)\s*\/\s*(类|款|项)$/;

/**
 * Budget tables print the 科目编码 in one column per level (类 | 款 | 项: 201 | 05 | 07); Suanpan
 * reads the code whole (2010507), as the national classification writes it.
 */
export function joinCodeColumns(header: string[], rows: string[][]): { header: string[]; rows: string[][] } {
  const i = header.findIndex((h) => LEVEL.exec(h)?.[2] === '类');
  if (i < 0) return { header, rows };
  let n = 1;
  while (n < 3 && i + n < header.length && LEVEL.exec(header[i + n])?.[2] === ['类', '款', '项'][n]) n++;
  if (n < 2) return { header, rows };
  const label = LEVEL.exec(header[i])![1] || '科目编码';
  const join = <T>(r: T[], cell: T) => [...r.slice(0, i), cell, ...r.slice(i + n)];
  return {
    header: join(header, label),
    rows: rows.map((r) =>
      join(
        r,
        r
          .slice(i, i + n)
          .join('')
          .replace(/\s+/g, ''),
      ),
    ),
  };
}

/** Writes the blocks as Markdown, a page for every line. */
export function writeMarkdown(blocks: Block[], warnings: string[] = []): ImportResult {
  const lines: string[] = [];
  const pages: number[] = [];
  const push = (s: string, page: number) => {
    lines.push(s);
    pages.push(page);
  };
  const gap = (page: number) => {
    if (lines.length && lines[lines.length - 1] !== '') push('', page);
  };
  const fm = inferFrontMatter(blocks);
  if (fm.length) {
    push('---', 0);
    for (const [k, v] of fm) push(`${k}: ${/[:#'"]/.test(v) ? JSON.stringify(v) : v}`, 0);
    push('---', 0);
  }
  for (const b of blocks) {
    gap(b.page);
    if (b.kind === 'title') push(`# ${b.text}`, b.page);
    else if (b.kind === 'heading') push(`${'#'.repeat(b.level)} ${b.text}`, b.page);
    else if (b.kind === 'para') push(b.text, b.page);
    else if (b.kind === 'toc') {
      // kept apart from the outline (and from the checks): inside an HTML comment
      push('<!-- 目录 (table of contents)', b.page);
      for (const e of b.entries) push(`  ${e.replace(/--+>?/g, '—')}`, b.page);
      push('-->', b.page);
    } else {
      const t = joinCodeColumns(b.header, b.rows);
      const n = Math.max(t.header.length, ...t.rows.map((r) => r.length));
      const row = (cells: string[]) =>
        `|${Array.from({ length: n }, (_, i) => ` ${cellOut(cells[i] ?? '')} `).join('|')}|`;
      push(row(t.header), b.page);
      push(`| ${Array.from({ length: n }, () => '---').join(' | ')} |`, b.page);
      t.rows.forEach((r, i) => push(row(r), b.rowPages[i] ?? b.page));
    }
  }
  push('', pages[pages.length - 1] ?? 0);
  return { markdown: lines.join('\n'), pages, warnings };
}

/** Joins paragraph pieces (a line broken by the layout or a page) into one. */
export function appendText(a: string, b: string): string {
  return joinText(a, b);
}
