/**
 * The report's figures coloured in the editor (semantic tokens, asked for report documents only):
 * amounts and their units, percentages and 百分点, change words (增加/减少/持平 …) and outline
 * numbering (第一部分, 一、, （一）, 1.), in prose, headings, lists and table cells. In Markdown not
 * inside the front matter, fenced or inline code, HTML comments or link targets. This replaces a
 * TextMate grammar injected into every Markdown file, which could not tell a report from any
 * other file (it cannot see the front matter).
 */

/** The token types, in the legend's order (package.json semanticTokenTypes maps them to scopes). */
export const SEMANTIC_TOKEN_TYPES = [
  'suanpanNumbering',
  'suanpanAmount',
  'suanpanUnit',
  'suanpanPercent',
  'suanpanPercentUnit',
  'suanpanIncrease',
  'suanpanDecrease',
  'suanpanFlat',
] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export interface SemanticToken {
  /** 0-based line and UTF-16 character. */
  line: number;
  character: number;
  length: number;
  type: SemanticTokenType;
}

const NUMERAL = '一二三四五六七八九十百';
const NUMBERING = [
  `第[${NUMERAL}]+部分`,
  `[${NUMERAL}]+、`,
  `[（(][${NUMERAL}]+[）)]`,
  '[（(]\\d{1,3}[）)]',
  '\\d{1,3}[.．、](?![\\d%％])',
  '[①②③④⑤⑥⑦⑧⑨⑩]',
].join('|');
const UNITS = '亿元|万元|千元|元|万人|人次|人|辆|台|套|个|项|次|平方米|户';
/**
 * One scan, the leftmost match first and, at one place, in this order (as the grammar's patterns):
 * numbering where a line, heading, list item or table cell starts; a percentage; an amount with
 * its unit; a change word.
 */
const TOKEN_RE = new RegExp(
  [
    `(?<![^\\s#|>*+\\-])(?<numbering>${NUMBERING})`,
    `(?<![\\d.,])(?<pct>[-+−]?\\d+(?:\\.\\d+)?)(?<pctSpace>\\s*)(?<pctUnit>[%％]|个?百分点)`,
    `(?<![\\d.,])(?<amount>[-−]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?<amountSpace>\\s*)(?<unit>${UNITS})`,
    `(?<increase>增加|增长|上升|提高)`,
    `(?<decrease>减少|下降|降低)`,
    `(?<flat>持平)`,
  ].join('|'),
  'g',
);

/** Spans of a line (start, end) that are not prose in Markdown: inline code, comments, link targets. */
type Mask = Array<[number, number]>;

/** The tokens of a report's text; `format` is the document's: Markdown masks its code and comments. */
export function semanticTokens(text: string, format: 'markdown' | 'text'): SemanticToken[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: SemanticToken[] = [];
  const markdown = format === 'markdown';
  let i = markdown ? frontMatterEnd(lines) : 0;
  let fence: string | undefined;
  let inComment = false;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (markdown) {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length && !line.slice(f[0].length).trim())
          fence = undefined;
        continue;
      }
      if (f && !inComment) {
        fence = f[1];
        continue;
      }
    }
    const mask: Mask = [];
    if (markdown) inComment = maskMarkdown(line, inComment, mask);
    tokensOfLine(line, i, mask, out);
  }
  return out;
}

/** The line after a front matter block (--- … --- at the top), or 0. */
function frontMatterEnd(lines: string[]): number {
  if (!/^\uFEFF?---\s*$/.test(lines[0] ?? '')) return 0;
  for (let i = 1; i < lines.length; i++) if (/^(---|\.\.\.)\s*$/.test(lines[i])) return i + 1;
  return 0;
}

/** Adds a line's non-prose spans to `mask`; returns whether an HTML comment is still open at its end. */
function maskMarkdown(line: string, inComment: boolean, mask: Mask): boolean {
  let at = 0;
  if (inComment) {
    const end = line.indexOf('-->');
    if (end < 0) {
      mask.push([0, line.length]);
      return true;
    }
    mask.push([0, end + 3]);
    at = end + 3;
  }
  const re = /<!--|`+|\]\([^)\s]*\)?|<[a-z][\w+.-]*:[^>\s]*>/gi;
  re.lastIndex = at;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const s = m.index;
    if (m[0] === '<!--') {
      const end = line.indexOf('-->', s + 4);
      if (end < 0) {
        mask.push([s, line.length]);
        return true;
      }
      mask.push([s, end + 3]);
      re.lastIndex = end + 3;
    } else if (m[0][0] === '`') {
      const close = line.indexOf(m[0], s + m[0].length);
      if (close < 0) continue;
      mask.push([s, close + m[0].length]);
      re.lastIndex = close + m[0].length;
    } else mask.push([s, s + m[0].length]);
  }
  return false;
}

const masked = (mask: Mask, s: number, e: number) => mask.some(([a, b]) => s < b && e > a);

function tokensOfLine(line: string, lineNo: number, mask: Mask, out: SemanticToken[]): void {
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(line); m; m = TOKEN_RE.exec(line)) {
    const g = m.groups!;
    const s = m.index;
    if (masked(mask, s, s + m[0].length)) continue;
    const push = (at: number, length: number, type: SemanticTokenType) =>
      out.push({ line: lineNo, character: at, length, type });
    if (g.numbering) push(s, m[0].length, 'suanpanNumbering');
    else if (g.pct) {
      push(s, g.pct.length, 'suanpanPercent');
      push(s + g.pct.length + g.pctSpace.length, g.pctUnit.length, 'suanpanPercentUnit');
    } else if (g.amount) {
      push(s, g.amount.length, 'suanpanAmount');
      push(s + g.amount.length + g.amountSpace.length, g.unit.length, 'suanpanUnit');
    } else if (g.increase) push(s, m[0].length, 'suanpanIncrease');
    else if (g.decrease) push(s, m[0].length, 'suanpanDecrease');
    else if (g.flat) push(s, m[0].length, 'suanpanFlat');
  }
}

/** The tokens as LSP's relative encoding (deltaLine, deltaStart, length, type, modifiers). */
export function encodeSemanticTokens(tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let ch = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl ? t.character : t.character - ch, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), 0);
    line = t.line;
    ch = t.character;
  }
  return data;
}
