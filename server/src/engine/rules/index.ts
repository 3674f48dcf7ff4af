/**
 * The rule registry: one file per rule, in the folder of its group (relations/, text/,
 * structure/, perf/). A new rule is one file here plus its doc page and fixture.
 */
import type { Rule, RuleMeta } from './rule';
import { rule as sum } from './relations/sum';
import { rule as share } from './relations/share';
import { rule as yoy } from './relations/yoy';
import { rule as budget } from './relations/budget';
import { rule as repeated } from './relations/repeated';
import { rule as malformed } from './text/malformed';
import { rule as roundingDifference } from './relations/rounding-difference';
import { rule as frontMatter } from './text/front-matter';
import { rule as tableLink } from './relations/table-link';
import { rule as tableShift } from './relations/table-shift';
import { rule as names } from './text/names';
import { rule as missingSection } from './structure/missing-section';
import { rule as missingTable } from './structure/missing-table';
import { rule as missingGlossary } from './structure/missing-glossary';
import { rule as sectionOrder } from './structure/section-order';
import { rule as duplicateSection } from './structure/duplicate-section';
import { rule as numbering } from './structure/numbering';
import { rule as emptyStatement } from './structure/empty-statement';
import { rule as templateLeftover } from './text/template-leftover';
import { rule as yearConsistency } from './text/year-consistency';
import { rule as layoutProfile } from './structure/layout-profile';
import { rule as perfWeights } from './perf/perf-weights';
import { rule as perfScoreRange } from './perf/perf-score-range';
import { rule as perfTotal } from './perf/perf-total';
import { rule as perfExecution } from './perf/perf-execution';
import { rule as perfCompletion } from './perf/perf-completion';
import { rule as perfScore } from './perf/perf-score';
import { rule as perfDeviation } from './perf/perf-deviation';
import { rule as perfRange } from './perf/perf-range';
import { rule as perfFunds } from './perf/perf-funds';
import { rule as perfGrade } from './perf/perf-grade';
import { rule as perfProse } from './perf/perf-prose';
import { rule as perfOutcome } from './perf/perf-outcome';
import { rule as perfCell } from './perf/perf-cell';
import { rule as inputLimit } from './text/input-limit';
import { rule as officialName } from './text/official-name';
import { rule as unitName } from './text/unit-name';
import { rule as crossYear } from './cross/cross-year';
import { rule as crossYearName } from './cross/cross-year-name';
import { rule as budgetVsFinal } from './cross/budget-vs-final';
import { rule as departmentUnits } from './cross/department-units';
import { rule as pairedPunctuation } from './text/paired-punctuation';
import { rule as garbledDirection } from './text/garbled-direction';
import { rule as directionContradiction } from './text/direction-contradiction';
import { rule as tocNumbering } from './structure/toc-numbering';
import { rule as fieldCode } from './text/field-code';
import { rule as sangongItems } from './text/sangong-items';
import { rule as percentPrecision } from './text/percent-precision';
import { rule as bareNumber } from './text/bare-number';
import { rule as reasonContradiction } from './text/reason-contradiction';
import { rule as strayCharacter } from './text/stray-character';
import { rule as traditionalCharacter } from './text/traditional-character';

export const RULES: Rule[] = [
  sum,
  share,
  yoy,
  budget,
  repeated,
  malformed,
  roundingDifference,
  frontMatter,
  tableLink,
  tableShift,
  names,
  missingSection,
  missingTable,
  missingGlossary,
  sectionOrder,
  duplicateSection,
  numbering,
  emptyStatement,
  templateLeftover,
  yearConsistency,
  layoutProfile,
  perfWeights,
  perfScoreRange,
  perfTotal,
  perfExecution,
  perfCompletion,
  perfScore,
  perfDeviation,
  perfRange,
  perfFunds,
  perfGrade,
  perfProse,
  perfOutcome,
  perfCell,
  crossYear,
  crossYearName,
  budgetVsFinal,
  departmentUnits,
  inputLimit,
  officialName,
  unitName,
  pairedPunctuation,
  garbledDirection,
  directionContradiction,
  tocNumbering,
  fieldCode,
  sangongItems,
  percentPrecision,
  bareNumber,
  reasonContradiction,
  strayCharacter,
  traditionalCharacter,
];

export const RULE_BY_ID = new Map<string, Rule>();
for (const r of RULES) {
  RULE_BY_ID.set(r.id, r);
  for (const a of r.aliases) RULE_BY_ID.set(a, r);
}
export type { RuleMeta, Rule };
