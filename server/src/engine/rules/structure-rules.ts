/** The rules of the layout profiles (structure) and of the 绩效自评表, registered together. */
import type { RuleMeta } from './rule';
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
import { rule as perfCell } from './perf/perf-cell';

export const STRUCTURE_RULES: RuleMeta[] = [
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
  perfCell,
];
