/**
 * The prose grammar (server/data/grammar.yaml) and the units (server/data/units.yaml) as the
 * patterns facts/extract.ts reads sentences with. The patterns are built once from the words
 * (escaped, longest first); `buildGrammar` builds them from other data (a test, a variant).
 */
import { DATA } from '../../generated/data';
import type { Role } from './index';
import { alt, escapeRe } from './escape';
import { CharSet } from '../util/text';

export interface GrammarData {
  change: { increase: string[]; decrease: string[]; after: string[]; rateWords: string[]; flat: string };
  prior: {
    compare: string[];
    year: string[];
    period: string[];
    figure: string[];
    verb: string[];
    flatCompare: string[];
    flatVerb: string[];
    budgetCompare: string[];
    budgetWhich: string[];
    budget: string[];
    budgetVerb: string[];
  };
  share: { word: string; of: string; maxWhole: number };
  variance: { words: string[]; after: string[] };
  completion: { before: string; budgets: Record<string, Role>; budget: string[]; of: string };
  execution: { words: string[]; after: string[] };
  connectors: string[];
  qualifiers: string[];
  reasons: string[];
  among: string;
  within: string;
  listing: string[];
  completeList: string[];
  budgetWord: string;
  functional: { class: string; item: string; subitem: string };
  dateAfter: string[];
  alternatives: Record<'bracket' | 'slash', { increase: string[]; decrease: string[] }>;
  placeholders: { letters: string[]; decimalLetters: string[] };
  punctuation: {
    sentenceEnd: string[];
    closing: string[];
    clauseEnd: string[];
    trailing: string[];
    open: string[];
    close: string[];
    listEnd: string[];
  };
}

export interface UnitsData {
  amount: Record<string, string>;
  defaultAmount: string;
  noDefaultUnit: string[];
  percent: string[];
  count: string[];
  exactCount: string[];
  date: string[];
}

/** `(?:a|b)` of literal words. */
const group = (words: readonly string[]) => `(?:${alt(words)})`;
/** A character class of literal characters. */
const chars = (cs: readonly string[]) => `[${cs.map(escapeRe).join('')}]`;
/** Year words: `{year}` is a four-digit year. */
const years = (words: readonly string[]) =>
  `(?:${[...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.split('{year}').map(escapeRe).join('\\d{4}'))
    .join('|')})`;

export class Grammar {
  readonly increase: ReadonlySet<string>;
  readonly rateWords: ReadonlySet<string>;
  readonly flat: string;
  readonly among: string;
  /** 「财政拨款支出预算中，」: a figure's name and this word open the list of its items. */
  readonly within: string;
  readonly budgetWord: string;
  readonly completionBudgets: Readonly<Record<string, Role>>;
  /** 增加 / 减少 … ending the text (the word captured). */
  readonly change: RegExp;
  /** 与上年相比 … ending the text. */
  readonly prior: RegExp;
  /** 与上年 (before 持平) ending the text. */
  readonly flatPrior: RegExp;
  /** 与年初预算相比 ending the text. */
  readonly budgetPrior: RegExp;
  /** 占 / 占 … 的 ending the text (the named whole captured). */
  readonly share: RegExp;
  readonly variance: RegExp;
  /** 完成年初预算的 (the budget word captured). */
  readonly completion: RegExp;
  readonly execution: RegExp;
  readonly connectors: RegExp;
  readonly qualifiers: RegExp;
  readonly reasons: RegExp;
  /** 其中 , at the start (dropped before a subject). */
  readonly lead: RegExp;
  /** 其中 / 分别 / 包括 at the start. */
  readonly listing: RegExp;
  /** 分别为 / 全部用于 …: the list that follows is every item of its total. */
  readonly completeList: RegExp;
  /** …（类）…（款）…（项） ending the text. */
  readonly functional: RegExp;
  /** Text before the class name of a functional path (…其中：). */
  readonly functionalLead: RegExp;
  readonly dateAfter: RegExp;
  readonly trailing: RegExp;
  /** Unfilled alternatives (global). */
  readonly alternatives: RegExp;
  /** Placeholders (global). */
  readonly placeholders: RegExp;
  readonly sentenceEnd: string;
  readonly closing: string;
  readonly clauseEnd: string;
  /** The same three as sets tested by code unit (the sentence and clause splitters run over every character). */
  readonly sentenceEndSet: CharSet;
  readonly closingSet: CharSet;
  readonly clauseEndSet: CharSet;
  /** Opening and closing brackets, and the mark that ends a list item (其中 lists, facts/lists.ts). */
  readonly open: string;
  readonly close: string;
  readonly listEnd: string;
  /** Count units whose figures are exact integers. */
  readonly exactCount: ReadonlySet<string>;
  readonly defaultAmount: string;
  readonly noDefaultUnit: ReadonlySet<string>;

  constructor(
    readonly data: GrammarData,
    readonly units: UnitsData,
  ) {
    const { change: c, prior: p } = data;
    this.increase = new Set(c.increase);
    this.rateWords = new Set(c.rateWords);
    this.flat = c.flat;
    this.among = data.among;
    this.within = data.within;
    this.budgetWord = data.budgetWord;
    this.completionBudgets = data.completion.budgets;
    this.change = new RegExp(`(${alt([...c.increase, ...c.decrease])})${group(c.after)}?$`);
    const year = years(p.year);
    this.prior = new RegExp(`${group(p.compare)}${year}${group(p.period)}?${group(p.figure)}?${group(p.verb)}?$`);
    this.flatPrior = new RegExp(`${group(p.flatCompare)}${year}${group(p.flatVerb)}?$`);
    this.budgetPrior = new RegExp(
      `${group(p.budgetCompare)}${group(p.budgetWhich)}?${group(p.budget)}${group(p.budgetVerb)}$`,
    );
    const s = data.share;
    this.share = new RegExp(`${escapeRe(s.word)}(?:(.{1,${s.maxWhole}}?)${escapeRe(s.of)})?$`);
    this.variance = new RegExp(`${group(data.variance.words)}${group(data.variance.after)}?$`);
    const k = data.completion;
    this.completion = new RegExp(
      `${escapeRe(k.before)}(${alt(Object.keys(k.budgets))})?${group(k.budget)}${escapeRe(k.of)}$`,
    );
    this.execution = new RegExp(`${group(data.execution.words)}${group(data.execution.after)}?$`);
    this.connectors = new RegExp(`${group(data.connectors)}+$`);
    this.qualifiers = new RegExp(`${group(data.qualifiers)}$`);
    this.reasons = new RegExp(alt(data.reasons));
    this.lead = new RegExp(`^(?:${escapeRe(data.among)}|，|,)+`);
    this.listing = new RegExp(`^(${alt(data.listing)})`);
    this.completeList = new RegExp(alt(data.completeList));
    const f = data.functional;
    this.functional = new RegExp(
      `([^，。；：、（）\\d.．]+?)${escapeRe(f.class)}(?:(.+?)${escapeRe(f.item)})?` +
        `(?:(.+?)${escapeRe(f.subitem)})?[：:]?$`,
    );
    this.functionalLead = new RegExp(`^.*(?:${escapeRe(data.among)}|：|:)`);
    this.dateAfter = new RegExp(chars(data.dateAfter));
    this.trailing = new RegExp(`${chars(data.punctuation.trailing)}+$`);
    this.alternatives = alternativesRe(data.alternatives);
    const ph = data.placeholders;
    const dl = chars(ph.decimalLetters);
    this.placeholders = new RegExp(`(?<![A-Za-z])(?:${chars(ph.letters)}{2,}|${dl}\\.${dl}{1,2})(?![A-Za-z])`, 'g');
    this.sentenceEnd = data.punctuation.sentenceEnd.join('');
    this.closing = data.punctuation.closing.join('');
    this.clauseEnd = data.punctuation.clauseEnd.join('');
    this.sentenceEndSet = new CharSet(data.punctuation.sentenceEnd);
    this.closingSet = new CharSet(data.punctuation.closing);
    this.clauseEndSet = new CharSet(data.punctuation.clauseEnd);
    this.open = data.punctuation.open.join('');
    this.close = data.punctuation.close.join('');
    this.listEnd = data.punctuation.listEnd.join('');
    this.exactCount = new Set(units.exactCount);
    this.defaultAmount = units.defaultAmount;
    this.noDefaultUnit = new Set(units.noDefaultUnit);
  }
}

function alternativesRe(a: GrammarData['alternatives']): RegExp {
  const { bracket: b, slash: s } = a;
  const open = '[（(]';
  const close = '[）)]';
  return new RegExp(
    [
      `${group(b.increase)}${open}${group(b.decrease)}${close}`,
      `${group(b.decrease)}${open}${group(b.increase)}${close}`,
      `${group(s.increase)}\\/${group(s.decrease)}`,
      `${group(s.decrease)}\\/${group(s.increase)}`,
    ].join('|'),
    'g',
  );
}

/** The grammar from other data (defaults: the compiled data files). */
export function buildGrammar(
  data: GrammarData = DATA.grammar as GrammarData,
  units: UnitsData = DATA.units as UnitsData,
): Grammar {
  return new Grammar(data, units);
}

export const grammar = buildGrammar();

/** The units figures are read with. */
export const units = DATA.units as UnitsData;
