/**
 * Outline numbering (server/data/numbering.yaml): the Chinese numerals and the classes of
 * numbers an outline uses — 第一部分, 一、, （一）, 1., （1）. Every reader, structure check
 * and rule builds its patterns from these, so the numerals are written once.
 */
import { DATA } from '../../generated/data';
import { escapeRe } from './escape';

export interface NumberingData {
  numerals: string[];
  titleNumerals: string[];
  digits: string[];
  ten: string;
  part: { before: string; after: string };
}

const data = DATA.numbering as NumberingData;

/** The numerals as one string: 一二三四五六七八九十. */
export const CN_NUMERALS = data.numerals.join('');
/** The numerals a title's numbering token may use (零 … 百). */
export const CN_TITLE_NUMERALS = data.titleNumerals.join('');

const cls = (chars: string, more = '') => `[${chars.split('').map(escapeRe).join('')}${more}]`;

/** The numerals by value: 零 … 九. */
export const CN_DIGIT_VALUES = data.digits.join('');
/** The word of the tens: 十. */
export const CN_TEN = data.ten;
/** 一 … 九十九 written with the digits and the tens word (the digits captured). */
export const CN_TENS_RE = new RegExp(
  `^(${cls(CN_DIGIT_VALUES.slice(1))})?${escapeRe(CN_TEN)}(${cls(CN_DIGIT_VALUES.slice(1))})?$`,
);

/** Regex source: one numeral, `[一二三四五六七八九十]`. */
export const NUM = cls(CN_NUMERALS);
/** Regex source: one numeral or ASCII digit, `[一二三四五六七八九十\d]`. */
export const NUM_OR_DIGIT = cls(CN_NUMERALS, '\\d');
/** Regex source: one numeral of a title token, `[零一二三四五六七八九十百]`. */
export const TITLE_NUM = cls(CN_TITLE_NUMERALS);
/** Regex source: any character that is not a numeral or digit, `[^一二三四五六七八九十\d]`. */
export const NOT_NUM_OR_DIGIT = `[^${NUM_OR_DIGIT.slice(1)}`;

const PART_BEFORE = escapeRe(data.part.before);
const PART_AFTER = escapeRe(data.part.after);
/** Regex source: a part number, 第一部分. */
export const PART = `${PART_BEFORE}${NUM}+${PART_AFTER}`;
/** Regex source: a part number with the numeral captured, 第(一)部分. */
export const PART_CAPTURE = `${PART_BEFORE}(${NUM}+)${PART_AFTER}`;
/** Regex source: a part number of a title token, 第X部分 with 零 … 百. */
export const TITLE_PART = `${PART_BEFORE}${TITLE_NUM}+${PART_AFTER}`;
/** The words around a part's numeral (第, 部分), for writing one. */
export const PART_WORDS = data.part;

/** 第一部分 at the start. */
export const PART_START_RE = new RegExp(`^${PART}`);
/** 一、 anywhere. */
export const CN_ITEM_RE = new RegExp(`${NUM}+、`);
/** （一） or 一 at the start (the level of a numbering token). */
export const PAREN_CN_START_RE = new RegExp(`^[（(]${NUM}`);
export const CN_START_RE = new RegExp(`^${NUM}`);
/** The numbering a normalised title starts with (full-width brackets), any number of tokens. */
export const TITLE_NUMBERING_RE = new RegExp(
  `^(?:${PART}|${NUM}+[、.．]|[（]${NUM_OR_DIGIT}+[）]|\\d{1,2}(?:[、．]|\\.(?!\\d)))+`,
);
/** A whole text that is an item number: 1. 一、 （一） （1）. */
export const ITEM_NUMBER_RE = new RegExp(`^(?:\\d{1,2}[.、．]|${NUM}+、|[（(]${NUM_OR_DIGIT}+[）)])$`);
/** What follows a numeral in a written token (its brackets, separator …). */
export const NOT_NUMERAL_TAIL_RE = new RegExp(`${NOT_NUM_OR_DIGIT}.*$`);
/** A numbering token at the start of a clause (prose: 1. （1） 一、 （一）). */
export const CLAUSE_NUMBERING_RE = new RegExp(
  `^\\s*(?:\\d{1,2}(?:[.、．](?!\\d))|[（(]\\d{1,2}[）)]|${NUM}+、|[（(]${NUM}+[）)])`,
);
/** A numbering token at the start of a table cell (一、 （一） 1.). */
export const CELL_NUMBERING_RE = new RegExp(`^(?:${NUM}+、|[（(]${NUM}+[）)]|\\d+[.、．])`);
