/**
 * Word import: a .docx (OOXML in a zip, read with fflate) to the Markdown Suanpan reads.
 * Paragraphs keep their text; headings come from the outline numbering of the text (第一部分 /
 * 一、 / （一）) or, failing that, the paragraph's outline level (its own or its style's); the
 * Title style (or the first outline-level-0 paragraph) is the title. Tables are read with their
 * merged cells (w:gridSpan across, w:vMerge down) and their header rows combined as for PDFs.
 * Pages are counted from the page breaks Word recorded (w:lastRenderedPageBreak, page breaks).
 */
import { unzipSync, strFromU8 } from 'fflate';
import { ImportError } from './pdf-extract';
import {
  looksLikeCaption,
  looksLikeHeading,
  outlineLevel,
  writeMarkdown,
  type Block,
  type ImportResult,
} from './blocks';
import { readRegions, transposePairs } from './pdf-table';
import { partSpace, tidy } from './text';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (ENTITIES[e] ?? m),
  );
}

/** A small XML reader for the well-formed parts of an OOXML package. */
export function parseXml(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.source;
  const re = new RegExp(`${tag}|<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|<[?!][\\s\\S]*?>|([^<]+)`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const top = stack[stack.length - 1];
    if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[5] !== undefined) top.text += m[5];
    else if (m[2]) {
      if (m[1]) {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
      const el: El = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  return root;
}

function child(e: El | undefined, name: string): El | undefined {
  return e?.children.find((c) => c.name === name);
}

function val(e: El | undefined): string | undefined {
  return e?.attrs['w:val'];
}

interface Styles {
  outline: Map<string, number>;
  title: Set<string>;
}

function readStyles(xml: string | undefined): Styles {
  const outline = new Map<string, number>();
  const title = new Set<string>();
  const based = new Map<string, string>();
  if (!xml) return { outline, title };
  const root = child(parseXml(xml), 'w:styles');
  for (const st of root?.children.filter((c) => c.name === 'w:style') ?? []) {
    const id = st.attrs['w:styleId'];
    if (!id) continue;
    const name = val(child(st, 'w:name')) ?? '';
    const lvl = val(child(child(st, 'w:pPr'), 'w:outlineLvl'));
    if (lvl !== undefined) outline.set(id, Number(lvl));
    else {
      const h = /^heading\s*(\d)$/i.exec(name);
      if (h) outline.set(id, Number(h[1]) - 1);
    }
    if (/^title$/i.test(name) || id === 'Title') title.add(id);
    const b = val(child(st, 'w:basedOn'));
    if (b) based.set(id, b);
  }
  for (const [id, b] of based) if (!outline.has(id) && outline.has(b)) outline.set(id, outline.get(b)!);
  return { outline, title };
}

/** A paragraph's text (runs, tabs, breaks; deleted text left out) and the page breaks in it. */
function paraText(p: El): { text: string; breaks: number } {
  let text = '';
  let breaks = 0;
  const walk = (e: El) => {
    for (const c of e.children) {
      if (c.name === 'w:t') text += c.text;
      else if (c.name === 'w:tab') text += ' ';
      else if (c.name === 'w:br') {
        if (c.attrs['w:type'] === 'page') breaks++;
        else text += ' ';
      } else if (c.name === 'w:lastRenderedPageBreak') breaks++;
      else if (c.name !== 'w:del' && c.name !== 'w:instrText' && c.name !== 'w:pPr') walk(c);
    }
  };
  walk(p);
  return { text: partSpace(tidy(text)), breaks };
}

/** A Word table: its grid of merged-cell regions (gridSpan, vMerge) and their texts. */
function readTable(tbl: El): { region: number[][]; texts: Map<number, string> } {
  const region: number[][] = [];
  const texts = new Map<number, string>();
  let next = 0;
  for (const tr of tbl.children.filter((c) => c.name === 'w:tr')) {
    const row: number[] = [];
    for (const tc of tr.children.filter((c) => c.name === 'w:tc')) {
      const pr = child(tc, 'w:tcPr');
      const span = Number(val(child(pr, 'w:gridSpan')) ?? 1) || 1;
      const vm = child(pr, 'w:vMerge');
      const col = row.length;
      const above = region[region.length - 1];
      const id = vm && val(vm) !== 'restart' && above?.[col] !== undefined ? above[col] : next++;
      const t = tc.children
        .filter((c) => c.name === 'w:p')
        .map((p) => paraText(p).text)
        .filter(Boolean)
        .join('');
      if (t && !texts.has(id)) texts.set(id, t);
      for (let k = 0; k < span; k++) row.push(id);
    }
    region.push(row);
  }
  const C = Math.max(0, ...region.map((r) => r.length));
  for (const r of region) while (r.length < C) r.push(next++);
  return { region, texts };
}

function tableBlock(tbl: El, page: number): Block | undefined {
  const { region, texts } = readTable(tbl);
  if (!region.length) return undefined;
  const t = transposePairs(readRegions(region, texts));
  return { kind: 'table', header: t.header, rows: t.rows, rowPages: t.rows.map(() => page), page };
}

function headingOf(p: El, text: string, styles: Styles, blocks: Block[], page: number): Block | undefined {
  const pPr = child(p, 'w:pPr');
  const style = val(child(pPr, 'w:pStyle'));
  const own = val(child(pPr, 'w:outlineLvl'));
  const lvl = own !== undefined ? Number(own) : style ? styles.outline.get(style) : undefined;
  const noTitle = !blocks.some((b) => b.kind === 'title');
  if (noTitle && ((style && styles.title.has(style)) || (lvl === 0 && !outlineLevel(text))))
    return { kind: 'title', text, page };
  if (looksLikeHeading(text)) return { kind: 'heading', level: outlineLevel(text), text, page };
  if (lvl !== undefined && lvl < 9 && text.length <= 60)
    return { kind: 'heading', level: Math.min(6, lvl + 2), text, page };
  return undefined;
}

/** Imports a Word report (.docx bytes). Throws ImportError for a damaged or non-Word file. */
export function importDocx(bytes: Uint8Array): ImportResult {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new ImportError(
      `Word 文件已损坏或不是 .docx (damaged or not a .docx file: ${(e as Error).message})`,
      'damaged',
    );
  }
  const doc = files['word/document.xml'];
  if (!doc) throw new ImportError('不是 Word 文档：缺少 word/document.xml (not a Word document)', 'damaged');
  const styles = readStyles(files['word/styles.xml'] ? strFromU8(files['word/styles.xml']) : undefined);
  const body = child(child(parseXml(strFromU8(doc)), 'w:document'), 'w:body');
  const blocks: Block[] = [];
  let page = 1;
  // content controls and custom XML wrap paragraphs and tables: read through them
  const flat = (es: El[]): El[] =>
    es.flatMap((e) =>
      e.name === 'w:sdt'
        ? flat(child(e, 'w:sdtContent')?.children ?? [])
        : e.name === 'w:customXml'
          ? flat(e.children)
          : [e],
    );
  const els = flat(body?.children ?? []);
  els.forEach((e, i) => {
    if (e.name === 'w:tbl') {
      const b = tableBlock(e, page);
      if (b) blocks.push(b);
    } else if (e.name === 'w:p') {
      const { text, breaks } = paraText(e);
      page += breaks;
      if (!text) return;
      const unitLine = (s: string) => /^(?:单位[：:]|编制部门|编制单位)/.test(s);
      const next = els
        .slice(i + 1)
        .find((x) => x.name === 'w:tbl' || (x.name === 'w:p' && paraText(x).text && !unitLine(paraText(x).text)));
      if (looksLikeCaption(text) && !unitLine(text) && next?.name === 'w:tbl') {
        blocks.push({ kind: 'heading', level: 4, text, page });
        return;
      }
      blocks.push(headingOf(e, text, styles, blocks, page) ?? { kind: 'para', text, page });
    }
  });
  return writeMarkdown(blocks, []);
}
