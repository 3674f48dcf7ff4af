/**
 * Markdown reader: YAML front matter, ATX/Setext headings, paragraphs, lists, GFM tables and
 * HTML comments, parsed with markdown-it (block structure with source lines); every figure
 * keeps its exact source offsets through MappedText.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import YAML from 'yaml';
import { endWithout, isWs, isWsCode, LineIndex, MappedText } from '../util/text';
import {
  Block,
  Cell,
  Meta,
  NUMBERING_RE,
  ParseProblem,
  ReportDoc,
  ReportKind,
  Section,
  linkSections,
  newRoot,
} from './model';
import { knowledge } from '../knowledge';
import { MAX_YAML_DEPTH, errorSpan, plainValue, yamlNestingProblem } from './yaml-guard';
import { readChunked, type ChunkCache } from './markdown-chunks';

const md = new MarkdownIt('commonmark', { html: true }).enable('table');

export const UNIT_LINE = /^(?:金额)?单位[:：]\s*(万元|元)\s*$/;
/** The line under a table's caption naming who prepared it (「编制部门：…」), no caption itself. */
const PREPARED_BY = /^编制(?:部门|单位)[:：]/;
/** 「编制部门：X单位：元」: the preparer and the amount unit on one line. */
const PREPARED_BY_UNIT = /^编制(?:部门|单位)[:：].*?(?:金额)?单位[:：]\s*(万元|元)\s*$/;

const KINDS: ReportKind[] = ['部门决算', '单位决算', '部门预算', '单位预算'];

/**
 * The document model of a Markdown text. With a chunk cache (an engine's), the body is read chunk
 * by chunk (markdown-chunks.ts): a chunk read in an earlier check is not parsed again.
 */
export function readMarkdown(source: string, cache?: ChunkCache): ReportDoc {
  const lines = new LineIndex(source);
  const problems: ParseProblem[] = [];
  const { meta, bodyStartLine } = readFrontMatter(source, lines, problems);
  const root = newRoot(source);
  const bodyStart = lines.lineStart(bodyStartLine);
  const { sections, blocks } = cache
    ? readChunked(source, bodyStart, root, cache, readBody)
    : readBody(source, bodyStartLine > 0 ? '\n'.repeat(bodyStartLine) + source.slice(bodyStart) : source, root, lines);
  linkSections(root, sections, source.length);
  assignScopes(sections);
  if (meta.source === 'none') metaFromTitle(meta, sections[0]?.title ?? '');
  return { source, lines, format: 'markdown', meta, root, sections, blocks, problems };
}

/**
 * The metadata of a Markdown text's front matter alone (no body read): what readMarkdown's
 * document has when the front matter is there (else its title gives it, and this says source none).
 */
export function readFrontMatterMeta(source: string): Meta {
  return readFrontMatter(source, new LineIndex(source), []).meta;
}

/**
 * The sections and blocks of a body. `body` is what markdown-it parses: the source with its front
 * matter blanked out (so markdown-it's line numbers stay the source's), or one chunk of it read on its own.
 */
export function readBody(
  source: string,
  body: string,
  root: Section,
  lines = new LineIndex(source),
): { sections: Section[]; blocks: Block[] } {
  const tokens = md.parse(body, {});
  const st: MdState = { source, lines, sections: [], blocks: [], current: root };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.map) continue;
    if (t.type === 'heading_open') readHeading(st, t, t.map);
    else if (t.type === 'paragraph_open') readParagraph(st, t.map);
    else if (t.type === 'table_open') i = readTableTokens(st, tokens, i, t.map);
    else if (t.type === 'html_block') {
      const span = { start: lines.lineStart(t.map[0]), end: lines.lineEnd(t.map[1] - 1) };
      collectComments(source, span.start, span.end, st.blocks);
    }
  }
  return { sections: st.sections, blocks: st.blocks };
}

/** What the reading carries from token to token. */
interface MdState {
  source: string;
  lines: LineIndex;
  sections: Section[];
  blocks: Block[];
  current: Section;
  lastCaption?: string;
  lastUnit?: '万元' | '元';
}

function readHeading(st: MdState, t: Token, map: [number, number]): void {
  const level = Number(t.tag.slice(1));
  const mt = inlineText(st.source, st.lines, map[0], map[1], true);
  let end = mt.text.length;
  while (end > 0 && mt.text[end - 1] === '#') end--; // (a loop: `#+$` is quadratic on a run of #)
  const title = mt.text.slice(0, end).replace(/^#+/, '').trim();
  const offsetInText = mt.text.indexOf(title);
  const titleSpan = mt.span(offsetInText, offsetInText + title.length);
  const numbering = NUMBERING_RE.exec(title)?.[0];
  const sec: Section = {
    id: st.sections.length + 1,
    level,
    numbering,
    title,
    titleSpan,
    span: { start: st.lines.lineStart(map[0]), end: st.source.length },
    children: [],
    scope: 'all',
  };
  st.sections.push(sec);
  st.current = sec;
  st.lastCaption = title;
  st.lastUnit = undefined;
}

function readParagraph(st: MdState, map: [number, number]): void {
  const text = inlineText(st.source, st.lines, map[0], map[1], false);
  if (text.text.length === 0) return;
  const numbering = NUMBERING_RE.exec(text.text)?.[0];
  st.blocks.push({
    kind: 'paragraph',
    text,
    section: st.current,
    numbering,
    span: { start: st.lines.lineStart(map[0]), end: st.lines.lineEnd(map[1] - 1) },
  });
  const unit = UNIT_LINE.exec(text.text) ?? PREPARED_BY_UNIT.exec(text.text);
  if (unit) st.lastUnit = unit[1] as '万元' | '元';
  else if (text.text.length <= 40 && !/^[注说]/.test(text.text) && !PREPARED_BY.test(text.text))
    st.lastCaption = text.text;
}

/** A table from its tokens; returns the index of its closing token. */
function readTableTokens(st: MdState, tokens: Token[], i: number, map: [number, number]): number {
  const end = findClose(tokens, i, 'table_close');
  const rowsTokens = tokens.slice(i, end).filter((x) => x.type === 'tr_open' && x.map);
  const rows = rowsTokens.map((r) => splitRow(st.source, st.lines, r.map![0]));
  const header = rows.shift() ?? [];
  st.blocks.push({
    kind: 'table',
    header,
    rows,
    section: st.current,
    caption: st.lastCaption,
    unit: st.lastUnit,
    span: { start: st.lines.lineStart(map[0]), end: st.lines.lineEnd(map[1] - 1) },
  });
  return end;
}

function findClose(tokens: Token[], from: number, type: string): number {
  for (let j = from; j < tokens.length; j++) if (tokens[j].type === type) return j;
  return tokens.length - 1;
}

function collectComments(source: string, start: number, end: number, blocks: Block[]): void {
  const re = /<!--([\s\S]*?)-->/g;
  const chunk = source.slice(start, end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(chunk))) {
    blocks.push({
      kind: 'comment',
      text: m[1].trim(),
      span: { start: start + m.index, end: start + m.index + m[0].length },
    });
  }
}

/** Text of lines [from, to) with block markers (>, list bullets) and inline markup dropped. */
function inlineText(source: string, lines: LineIndex, from: number, to: number, heading: boolean): MappedText {
  const parts: Array<{ text: string; offset: number }> = [];
  for (let l = from; l < to; l++) {
    const s = lines.lineStart(l);
    const e = lines.lineEnd(l);
    let line = source.slice(s, e);
    let skip = 0;
    const m = /^\s{0,3}(?:>\s?)*\s*(?:[-*+]\s+|\d{1,9}[.)]\s+)?/.exec(line);
    if (m) skip = m[0].length;
    if (heading) {
      const h = /^\s*#{1,6}\s*/.exec(line.slice(skip));
      if (h) skip += h[0].length;
      line = line.slice(0, closingHashes(line));
    }
    stripInline(line.slice(skip), s + skip, parts);
  }
  // headings keep their spaces (「第一部分 单位概况」); prose drops layout whitespace
  return MappedText.build(parts, !heading);
}

/** Where a heading line ends without its closing #s (「## 标题 ##」), as /\s+#+\s*$/ in one pass. */
export function closingHashes(line: string): number {
  const e1 = endWithout(line, isWs);
  const e2 = endWithout(line, (c) => c === '#', e1);
  if (e2 === e1) return line.length;
  const e3 = endWithout(line, isWs, e2);
  return e3 === e2 ? line.length : e3;
}

/** Drops emphasis markers, code ticks, link targets and inline HTML comments. */
function stripInline(text: string, offset: number, out: Array<{ text: string; offset: number }>): void {
  const re = /<!--[\s\S]*?-->|\*{1,3}|~~|`+|\]\([^)]*\)|\[|<br\s*\/?>|\\(?=[\\`*_{}[\]()#+\-.!|])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), offset: offset + last });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), offset: offset + last });
}

/** Splits a GFM table row at unescaped pipes; each cell keeps its source span. */
function splitRow(source: string, lines: LineIndex, line: number): Cell[] {
  const s = lines.lineStart(line);
  const text = source.slice(s, lines.lineEnd(line));
  const bounds: number[] = [];
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \\ */) {
      i++;
      continue;
    }
    if (c === 0x60 /* ` */) inCode = !inCode;
    if (c === 0x7c /* | */ && !inCode) bounds.push(i);
  }
  const cells: Cell[] = [];
  const trimmed = text.trim();
  const lead = trimmed.startsWith('|');
  const trail = trimmed.endsWith('|') && trimmed.length > 1;
  const cuts = [lead ? bounds[0] : -1, ...bounds.slice(lead ? 1 : 0)];
  if (!trail) cuts.push(text.length);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k] + 1;
    const b = cuts[k + 1];
    let x = a,
      y = b;
    while (x < y && isWsCode(text.charCodeAt(x))) x++;
    while (y > x && isWsCode(text.charCodeAt(y - 1))) y--;
    // an empty cell: the place a value would be written, after the pipe's space
    if (x === y) x = y = Math.min(a + 1, b);
    const parts: Array<{ text: string; offset: number }> = [];
    stripInline(text.slice(x, y).replace(/\\\|/g, ' |'), s + x, parts);
    cells.push({ text: MappedText.build(parts, true), span: { start: s + x, end: s + y } });
  }
  return cells;
}

function readFrontMatter(
  source: string,
  lines: LineIndex,
  problems: ParseProblem[],
): { meta: Meta; bodyStartLine: number } {
  const meta: Meta = { amountUnit: '万元', source: 'none', fields: {} };
  if (!/^---\s*(\r?\n|$)/.test(source)) return { meta, bodyStartLine: 0 };
  let endLine = -1;
  for (let l = 1; l < lines.lineCount; l++) {
    const t = source.slice(lines.lineStart(l), lines.lineEnd(l));
    if (/^(---|\.\.\.)\s*$/.test(t)) {
      endLine = l;
      break;
    }
  }
  if (endLine < 0) {
    problems.push({
      message: { 'zh-CN': 'YAML 前言缺少结束行「---」', en: 'YAML front matter is not closed by a "---" line' },
      span: { start: 0, end: lines.lineEnd(0) },
    });
    return { meta, bodyStartLine: 0 };
  }
  const fmStart = lines.lineStart(1);
  const fmText = source.slice(fmStart, lines.lineStart(endLine));
  meta.source = 'front-matter';
  if (simpleFrontMatter(fmText, fmStart, meta)) {
    applyMeta(meta, problems);
    return { meta, bodyStartLine: endLine + 1 };
  }
  const deep = yamlNestingProblem(fmText, fmStart, MAX_YAML_DEPTH, { zh: 'YAML 前言', en: 'YAML front matter' });
  if (deep) {
    problems.push(deep);
    applyMeta(meta, problems);
    return { meta, bodyStartLine: endLine + 1 };
  }
  const doc = YAML.parseDocument(fmText, { uniqueKeys: false });
  for (const err of doc.errors) {
    problems.push({
      message: { 'zh-CN': `YAML 前言有误：${err.message}`, en: `YAML front matter error: ${err.message}` },
      span: errorSpan(err.pos, fmStart, source.length),
    });
  }
  const contents = doc.contents;
  if (contents && YAML.isMap(contents)) {
    for (const item of contents.items) {
      if (!YAML.isScalar(item.key)) continue;
      const key = String(item.key.value);
      const node = item.value;
      const value = plainValue(node);
      const range = (node as { range?: [number, number, number] } | null)?.range ?? item.key.range ?? [0, 0, 0];
      meta.fields[key] = { value, span: { start: fmStart + range[0], end: fmStart + range[1] } };
    }
  }
  applyMeta(meta, problems);
  return { meta, bodyStartLine: endLine + 1 };
}

/**
 * Front matter is nearly always plain `key: value` lines: read those directly (the YAML
 * parser costs more than the rest of a small report); anything else goes to the parser.
 */
function simpleFrontMatter(text: string, offset: number, meta: Meta): boolean {
  const re = /^([^\s:#'"{[][^:#\n]*?):[ \t]+([^\s'"{[&*!|>%@`#][^#\n]*?)[ \t]*$|^[ \t]*(?:#.*)?$/;
  const fields: Meta['fields'] = {};
  let at = 0;
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    const m = re.exec(l);
    if (!m) return false;
    if (m[1]) {
      if (/:\s/.test(m[2])) return false;
      const start = offset + at + l.indexOf(m[2], m[1].length + 1);
      fields[m[1].trim()] = { value: m[2], span: { start, end: start + m[2].length } };
    }
    at += line.length + 1;
  }
  meta.fields = fields;
  return true;
}

function applyMeta(meta: Meta, problems: ParseProblem[]): void {
  const f = (k: string) => meta.fields[k]?.value;
  if (typeof f('单位') === 'string') meta.unit = f('单位') as string;
  const y = Number(f('年度'));
  if (Number.isInteger(y) && y > 1900 && y < 3000) meta.year = y;
  else if (f('年度') !== undefined) {
    problems.push({
      message: { 'zh-CN': '前言「年度」应为四位年份', en: 'front matter 年度 must be a four-digit year' },
      span: meta.fields['年度'].span,
    });
  }
  const kind = f('类型');
  if (typeof kind === 'string') {
    if ((KINDS as string[]).includes(kind)) meta.kind = kind as ReportKind;
    else
      problems.push({
        message: {
          'zh-CN': `前言「类型」应为 ${KINDS.join(' | ')}`,
          en: `front matter 类型 must be one of ${KINDS.join(' | ')}`,
        },
        span: meta.fields['类型'].span,
      });
  }
  if (typeof f('模板') === 'string') meta.template = f('模板') as string;
  const unit = f('金额单位');
  if (unit === '元' || unit === '万元') meta.amountUnit = unit;
  else if (unit !== undefined) {
    problems.push({
      message: { 'zh-CN': '前言「金额单位」应为 万元 或 元', en: 'front matter 金额单位 must be 万元 or 元' },
      span: meta.fields['金额单位'].span,
    });
  }
}

/** The longest title year, kind and unit are read from (the longest real titles are about 60 characters). */
const MAX_TITLE = 200;

/** Year, kind and unit name from a title such as 「XX单位2024年度部门决算公开说明」. */
export function metaFromTitle(meta: Meta, title: string): void {
  // a title is a line, not a page: the first paragraph of a text without headings can be anything
  if (title.length > MAX_TITLE) return;
  const t = title.replace(/\s+/g, '');
  const y = /(\d{4})年度?/.exec(t);
  const kind =
    KINDS.find((k) => t.includes(k)) ?? (/决算/.test(t) ? '部门决算' : /预算/.test(t) ? '部门预算' : undefined);
  if (y) meta.year = Number(y[1]);
  if (kind) meta.kind = kind;
  if (y && y.index > 0) meta.unit = t.slice(0, y.index);
  if (y || kind) meta.source = 'title';
}

export function assignScopes(sections: Section[]): void {
  for (const s of sections) {
    s.scope = knowledge.scopeOfTitle(s.title) ?? s.parent?.scope ?? 'all';
  }
}
