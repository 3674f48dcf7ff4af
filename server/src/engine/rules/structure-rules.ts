/** The rules of the layout profiles (structure) and of the 绩效自评表, registered together. */
import type { RuleMeta } from './rule';
import { rule as missingSection } from './missing-section';
import { rule as missingTable } from './missing-table';
import { rule as missingGlossary } from './missing-glossary';
import { rule as sectionOrder } from './section-order';
import { rule as duplicateSection } from './duplicate-section';
import { rule as numbering } from './numbering';
import { rule as emptyStatement } from './empty-statement';
import { rule as templateLeftover } from './template-leftover';
import { rule as yearConsistency } from './year-consistency';
import { rule as layoutProfile } from './layout-profile';
import { rule as perfWeights } from './perf-weights';
import { rule as perfScoreRange } from './perf-score-range';
import { rule as perfTotal } from './perf-total';
import { rule as perfExecution } from './perf-execution';
import { rule as perfCompletion } from './perf-completion';
import { rule as perfScore } from './perf-score';
import { rule as perfDeviation } from './perf-deviation';
import { rule as perfRange } from './perf-range';
import { rule as perfFunds } from './perf-funds';
import { rule as perfGrade } from './perf-grade';
import { rule as perfProse } from './perf-prose';
import { rule as perfCell } from './perf-cell';

export const STRUCTURE_RULES: RuleMeta[] = [
  missingSection, missingTable, missingGlossary, sectionOrder, duplicateSection, numbering, emptyStatement, templateLeftover,
  yearConsistency, layoutProfile,
  perfWeights, perfScoreRange, perfTotal, perfExecution, perfCompletion, perfScore, perfDeviation, perfRange, perfFunds, perfGrade, perfProse, perfCell,
];
