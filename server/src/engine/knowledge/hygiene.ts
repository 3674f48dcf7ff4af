/**
 * Typed access to server/data/hygiene.yaml: the vocabulary of the text-hygiene rules (paired
 * punctuation, direction words, field codes, the 三公 items, the precision convention, bare
 * numbers), with the patterns built once.
 */
import { DATA } from '../../generated/data';
import { alt } from './escape';

interface HygieneFile {
  pairs: Array<{ open: string[]; close: string[] }>;
  listNumber: string;
  directions: Array<[string, string]>;
  notGarbled: string[];
  directionWords: { compare: Record<string, 1 | -1>; actual: string[]; budget: string[] };
  fieldCodes: string[];
  tocPlaceholders: string[];
  sangong: {
    items: Array<{ name: string; names: string[] }>;
    combined: string[];
    sectionWords: string[];
    zeroWords: string[];
    zeroAfter: string[];
    headingWord: string;
    tableWord: string;
    none: string;
  };
  precision: { share: number; minRates: number };
  bareNumber: { amountLabels: string[]; connectors: string[]; after: string[] };
  reasons: {
    marker: string;
    subjects: string[];
    adverbs: string[];
    leads: string[];
    up: string[];
    down: string[];
    flat: string[];
    hedges: string[];
  };
  stray: { doubled: Record<string, string>; words: string[] };
  traditional: { maxShare: number; pairs: string; reading?: string };
}

const FILE = DATA.hygiene as HygieneFile;

export interface Hygiene {
  /** Each opener and closer to its family's index. */
  opener: Map<string, number>;
  closer: Map<string, number>;
  /** The same by UTF-16 code unit: the family's index + 1, 0 for none (a per-character scan reads these). */
  openerCode: Uint8Array;
  closerCode: Uint8Array;
  /** The text before a closer that makes it a list number (1）). */
  listNumber: RegExp;
  /** Garbled direction forms (增减少, 多少于) to the two words they run together. */
  garbled: Map<string, [string, string]>;
  garbledRe: RegExp;
  /** 决算数小于年初预算数: groups 1 actual word, 2 comparison word, 3 budget word. */
  compareRe: RegExp;
  compareSign: Record<string, 1 | -1>;
  /** The opposite comparison word (大于 ↔ 小于). */
  opposite: Map<string, string>;
  fieldCodes: RegExp[];
  tocPlaceholders: RegExp[];
  sangong: HygieneFile['sangong'] & {
    noneRe: RegExp;
    combinedRe: RegExp;
    /** Each item's names, as one pattern. */
    itemRes: RegExp[];
    /** An amount (1,234.56万元, 0元) or a zero word. */
    amountRe: RegExp;
    zeroRe: RegExp;
    zeroAfterRe: RegExp;
  };
  precision: HygieneFile['precision'];
  /** The end of the text before a bare number that names an amount (「支出决算为」). */
  bareLabelRe: RegExp;
  /** What follows a bare number at the end of its clause. */
  bareAfterRe: RegExp;
  /** A reason's vocabulary (reason-contradiction). */
  reasons: {
    markerRe: RegExp;
    /** 「…经费较上年增加」: group 1 the direction word, at the clause's end. */
    subjectRe: RegExp;
    /** 「本年增加…项目资金」: group 1 the direction word, at the clause's start. */
    verbRe: RegExp;
    /** 「支出数小于预算」: group 1 the comparison word. */
    compareRe: RegExp;
    flatRe: RegExp;
    hedgeRe: RegExp;
    /** Any direction word (global). */
    anyRe: RegExp;
    up: Set<string>;
  };
  /** A unit written twice right after a digit (global; the form is group 1). */
  doubledRe: RegExp;
  doubled: Record<string, string>;
  /** A doubled unit at the start of a text (the figure reader leaves it to stray-character). */
  doubledAtRe: RegExp;
  /** A doubled unit at the very start of a text (what a fix leaves, followed by the text after it). */
  doubledStartRe: RegExp;
  /** The form's last character and what follows begin one of these words (2024年年初). */
  strayWordRe: RegExp;
  /** Traditional characters never correct in simplified text, to their simplified form. */
  traditional: Map<string, string>;
  /** A run of them, with up to two other characters between two of them (預算財政撥款, global). */
  traditionalRe: RegExp;
  /** Their simplified forms. */
  simplifiedForms: Set<string>;
  /** By UTF-16 code unit: 1 for a traditional character of the table, 2 for a simplified form, else 0. */
  traditionalKind: Uint8Array;
  traditionalMaxShare: number;
  /** For reading a text written in traditional characters: every pair, the reading-only ones too. */
  readingPairs: Map<string, string>;
}

function garbledForms(): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const [a, b] of FILE.directions) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      out.set(x[0] + y, [x, y]);
      // 多少于: the two words share their last character
      if (x.length === 2 && y.length === 2 && x[1] === y[1]) out.set(x[0] + y[0] + x[1], [x, y]);
    }
  }
  for (const w of FILE.notGarbled) out.delete(w);
  return out;
}

function reasons(compare: Record<string, 1 | -1>): Hygiene['reasons'] {
  const r = FILE.reasons;
  const dir = alt([...r.up, ...r.down]);
  const subj = alt(r.subjects);
  return {
    markerRe: new RegExp(r.marker),
    subjectRe: new RegExp(`(?:${subj})(?:${alt(r.adverbs)})*(${dir})了?$`),
    verbRe: new RegExp(`^(?:${alt(r.leads)})*(${dir})了?.*(?:${subj})$`),
    compareRe: new RegExp(`(?:${subj}|数)(${alt(Object.keys(compare))})`),
    flatRe: new RegExp(alt(r.flat)),
    hedgeRe: new RegExp(alt(r.hedges)),
    anyRe: new RegExp(dir, 'g'),
    up: new Set(r.up),
  };
}

function traditionalRe(): RegExp {
  const set = `[${FILE.traditional.pairs.replace(/(\S)\S ?/g, '$1')}]`;
  return new RegExp(`${set}+(?:[\u4e00-\u9fff]{1,2}${set}+)*`, 'g');
}

function byCode(families: Map<string, number>): Uint8Array {
  const out = new Uint8Array(0x10000);
  for (const [ch, fam] of families) if (ch.length === 1) out[ch.charCodeAt(0)] = fam + 1;
  return out;
}

function traditionalKind(): Uint8Array {
  const kind = new Uint8Array(0x10000);
  for (const p of FILE.traditional.pairs.split(' ')) kind[p.charCodeAt(1)] = 2;
  // a character both (the traditional form of one pair, the simplified of another) counts as traditional
  for (const p of FILE.traditional.pairs.split(' ')) kind[p.charCodeAt(0)] = 1;
  return kind;
}

function build(): Hygiene {
  const opener = new Map<string, number>();
  const closer = new Map<string, number>();
  FILE.pairs.forEach((p, i) => {
    for (const o of p.open) opener.set(o, i);
    for (const c of p.close) closer.set(c, i);
  });
  const garbled = garbledForms();
  const dw = FILE.directionWords;
  const opposite = new Map<string, string>();
  for (const [a, b] of FILE.directions) {
    if (dw.compare[a] && dw.compare[b]) {
      if (!opposite.has(a)) opposite.set(a, b);
      if (!opposite.has(b)) opposite.set(b, a);
    }
  }
  const bn = FILE.bareNumber;
  return {
    opener,
    closer,
    openerCode: byCode(opener),
    closerCode: byCode(closer),
    listNumber: new RegExp(FILE.listNumber),
    garbled,
    garbledRe: new RegExp(alt([...garbled.keys()]), 'g'),
    compareRe: new RegExp(`(${alt(dw.actual)})(${alt(Object.keys(dw.compare))})(${alt(dw.budget)})`, 'g'),
    compareSign: dw.compare,
    opposite,
    fieldCodes: FILE.fieldCodes.map((p) => new RegExp(p, 'g')),
    tocPlaceholders: FILE.tocPlaceholders.map((p) => new RegExp(p, 'g')),
    sangong: {
      ...FILE.sangong,
      noneRe: new RegExp(FILE.sangong.none),
      combinedRe: new RegExp(alt(FILE.sangong.combined), 'g'),
      itemRes: FILE.sangong.items.map((i) => new RegExp(alt(i.names), 'g')),
      // from an amount's first digit only: tried at every digit of a long run, it was quadratic
      amountRe: /(?<![\d,])\d[\d,]*(?:\.\d+)?\s*(?:万元|元)/,
      zeroRe: new RegExp(`(?:${alt(FILE.sangong.zeroWords)})$`),
      zeroAfterRe: new RegExp(alt(FILE.sangong.zeroAfter)),
    },
    precision: FILE.precision,
    bareLabelRe: new RegExp(`(?:${alt(bn.amountLabels)})(?:${alt(bn.connectors)})$`),
    bareAfterRe: new RegExp(`^(?:${alt(bn.after)}|$)`),
    reasons: reasons(dw.compare),
    doubledRe: new RegExp(`(?<=\\d)(${alt(Object.keys(FILE.stray.doubled))})`, 'g'),
    doubled: FILE.stray.doubled,
    doubledAtRe: new RegExp(`^\\s*(?:${alt(Object.keys(FILE.stray.doubled))})`),
    doubledStartRe: new RegExp(`^(?:${alt(Object.keys(FILE.stray.doubled))})`),
    traditional: new Map(FILE.traditional.pairs.split(' ').map((p) => [p[0], p[1]])),
    traditionalRe: traditionalRe(),
    traditionalMaxShare: FILE.traditional.maxShare,
    readingPairs: new Map(
      `${FILE.traditional.pairs} ${FILE.traditional.reading ?? ''}`
        .split(' ')
        .filter((p) => p.length === 2)
        .map((p) => [p[0], p[1]]),
    ),
    simplifiedForms: new Set(FILE.traditional.pairs.split(' ').map((p) => p[1])),
    traditionalKind: traditionalKind(),
    strayWordRe: new RegExp(`^(?:${alt(FILE.stray.words)})`),
  };
}

export const hygiene: Hygiene = build();
