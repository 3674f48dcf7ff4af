/**
 * Typed access to the vocabulary of the 绩效自评表 (server/data/perf.yaml, compiled into
 * generated/data.ts): the header words of its columns, the words of its special rows, the
 * comparison words of targets, the scoring-rule words and the default grades.
 */
import { DATA } from '../../generated/data';

export type FundKey = 'start' | 'year' | 'executed' | 'weight' | 'rate' | 'score';
export type IndKey =
  'level1' | 'level2' | 'level3' | 'weight' | 'target' | 'actual' | 'completion' | 'score' | 'reason' | 'rule';
export type OutcomeWord =
  'start' | 'year' | 'executed' | 'rate' | 'score' | 'payment' | 'whole' | 'prior' | 'between' | 'before';
export type CompareOp = '>=' | '<=' | '>' | '<' | '=';

interface PerfFile {
  title: string;
  project: string;
  columns: {
    skip: string;
    funding: Array<{ column: FundKey; header: string }>;
    indicators: Array<{ column: IndKey; header: string }>;
  };
  rows: {
    name: string;
    fundingHeader: { start: string; executed: string };
    indicatorHeader: string;
    grade: string;
    goals: string;
    fundingTotal: string;
    fundingPart: string;
    total: string;
    outcome: string;
  };
  notApplicable: string;
  amountCell: string[];
  amountUnits: Record<string, string>;
  comparisons: Record<CompareOp, string[]>;
  scoring: { proportional: string; other: string };
  rateIndicator: string;
  prose: { unitTables: string; projects: string; budget: string; executed: string };
  outcome: Record<OutcomeWord, string>;
  defaults: { weightTotal: number; grades: Array<{ grade: string; min: number }> };
}

/** The scoring conventions of a layout profile (its `performance`), or the defaults. */
export interface PerfConventions {
  weightTotal: number;
  grades: Array<{ grade: string; min: number }>;
  scoring: 'proportional' | 'none';
}

export interface PerfVocabulary {
  /** A caption or heading of a table; `titleLine` the same on an indented line of plain text. */
  title: RegExp;
  titleLine: RegExp;
  project: RegExp;
  skipHeader: RegExp;
  fundingColumns: Array<[FundKey, RegExp]>;
  indicatorColumns: Array<[IndKey, RegExp]>;
  /** Row tests on the joined cells `|a|b|…|` (a cell exactly one of the words) and on one cell. */
  nameRow: RegExp;
  nameCell: RegExp;
  fundingHeader: { start: RegExp; executed: RegExp };
  indicatorHeader: RegExp;
  gradeCell: RegExp;
  goalsRow: RegExp;
  /** The header cell of the goals block's 实际完成情况 column. */
  outcomeCell: RegExp;
  fundingTotal: RegExp;
  fundingPart: RegExp;
  totalCell: RegExp;
  notApplicable: RegExp;
  /** The unit suffix an amount cell may carry (「万元」「元」or none). */
  amountSuffix: RegExp;
  amountUnits: Record<string, string>;
  /** The leading amount unit of a unit (「万元/次」 → 万元). */
  amountUnit: RegExp;
  /** Comparison word → operator, and the words as one alternation (longest first). */
  comparisons: Record<string, CompareOp>;
  comparisonRe: string;
  proportional: RegExp;
  otherScoring: RegExp;
  rateIndicator: RegExp;
  /** The prose on 预算绩效: where it names the tables, and their number, budget, executed amount (group 1). */
  prose: {
    unitTables: RegExp;
    projects: RegExp;
    unitCount: RegExp;
    projectCount: RegExp;
    budget: RegExp;
    executed: RegExp;
  };
  /**
   * The 实际完成情况 text: an amount of the total row (group 1, then its unit in group 2), the
   * execution rate (group 1), the total score (group 1), a payment (amount, unit), a text naming a
   * total and its parts, what stands between an indicator's name and its value, before the name.
   */
  outcome: {
    start: RegExp;
    year: RegExp;
    executed: RegExp;
    rate: RegExp;
    score: RegExp;
    payment: RegExp;
    whole: RegExp;
    prior: RegExp;
    between: string;
    before: RegExp;
  };
  defaults: PerfConventions;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const cellIs = (words: string) => new RegExp(`\\|(?:${words})\\|`);
const alt = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');

const AMOUNT = '(\\d[\\d,]*(?:\\.\\d+)?)万元';

function proseOf(p: PerfFile['prose']): PerfVocabulary['prose'] {
  return {
    unitTables: new RegExp(p.unitTables),
    projects: new RegExp(`(?:${p.projects})`),
    unitCount: new RegExp(`(?:${p.unitTables})(\\d+)个`),
    projectCount: new RegExp(`(?:${p.projects})(\\d+)个`),
    budget: new RegExp(`${p.budget}${AMOUNT}`),
    executed: new RegExp(`${p.executed}${AMOUNT}`),
  };
}

const NUM = '(\\d[\\d,]*(?:\\.\\d+)?)';

function outcomeOf(o: PerfFile['outcome']): PerfVocabulary['outcome'] {
  const amount = (w: string) => new RegExp(`(?:${w})[^\\S\\n]*${NUM}[^\\S\\n]*(万元|元)`, 'g');
  return {
    start: amount(o.start),
    year: amount(o.year),
    executed: amount(o.executed),
    rate: new RegExp(`(?:${o.rate})[^\\S\\n]*${NUM}[^\\S\\n]*[%％]`, 'g'),
    score: new RegExp(`(?:${o.score})[^\\S\\n]*${NUM}[^\\S\\n]*分`, 'g'),
    payment: amount(o.payment),
    whole: new RegExp(o.whole),
    prior: new RegExp(`(?:${o.prior})[^，。；]{0,4}$`),
    between: o.between,
    before: new RegExp(o.before),
  };
}

function compile(f: PerfFile): PerfVocabulary {
  const comparisons: Record<string, CompareOp> = {};
  for (const [op, words] of Object.entries(f.comparisons) as Array<[CompareOp, string[]]>)
    for (const w of words) comparisons[w] = op;
  return {
    title: new RegExp(f.title),
    titleLine: new RegExp(`\\n\\t[^\\n]*(?:${f.title})`),
    project: new RegExp(f.project),
    skipHeader: new RegExp(f.columns.skip),
    fundingColumns: f.columns.funding.map((c) => [c.column, new RegExp(c.header)]),
    indicatorColumns: f.columns.indicators.map((c) => [c.column, new RegExp(c.header)]),
    nameRow: cellIs(f.rows.name),
    nameCell: new RegExp(`^(?:${f.rows.name})$`),
    fundingHeader: { start: cellIs(f.rows.fundingHeader.start), executed: cellIs(f.rows.fundingHeader.executed) },
    indicatorHeader: cellIs(f.rows.indicatorHeader),
    gradeCell: new RegExp(f.rows.grade),
    goalsRow: cellIs(f.rows.goals),
    outcomeCell: new RegExp(`^(?:${f.rows.outcome})$`),
    fundingTotal: new RegExp(f.rows.fundingTotal),
    fundingPart: new RegExp(f.rows.fundingPart),
    totalCell: new RegExp(`^(?:${f.rows.total})$`),
    notApplicable: new RegExp(f.notApplicable, 'i'),
    amountSuffix: new RegExp(`^(?:${alt(f.amountCell)})?$`),
    amountUnits: f.amountUnits,
    amountUnit: new RegExp(`^(${alt(Object.keys(f.amountUnits))})(.*)$`),
    comparisons,
    comparisonRe: alt(Object.keys(comparisons)),
    proportional: new RegExp(f.scoring.proportional),
    otherScoring: new RegExp(f.scoring.other),
    rateIndicator: new RegExp(f.rateIndicator),
    prose: proseOf(f.prose),
    outcome: outcomeOf(f.outcome),
    defaults: { weightTotal: f.defaults.weightTotal, grades: f.defaults.grades, scoring: 'proportional' },
  };
}

/** The vocabulary of the 绩效自评表, compiled once. */
export const perfVocabulary: PerfVocabulary = compile(DATA.perf as PerfFile);
