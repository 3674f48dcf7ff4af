/** The rule registry: one file per rule. */
import type { RuleMeta } from './rule';
import { rule as sum } from './relations/sum';
import { rule as share } from './relations/share';
import { rule as yoy } from './relations/yoy';
import { rule as budget } from './relations/budget';
import { rule as repeated } from './relations/repeated';
import { rule as malformed } from './text/malformed';
import { rule as roundingDifference } from './relations/rounding-difference';
import { rule as frontMatter } from './text/front-matter';
import { rule as tableLink } from './relations/table-link';
import { rule as names } from './text/names';
import { STRUCTURE_RULES } from './structure-rules';

export const RULES: RuleMeta[] = [
  sum,
  share,
  yoy,
  budget,
  repeated,
  malformed,
  roundingDifference,
  frontMatter,
  tableLink,
  names,
  ...STRUCTURE_RULES,
];
export const RULE_BY_ID = new Map<string, RuleMeta>();
for (const r of RULES) {
  RULE_BY_ID.set(r.id, r);
  for (const a of r.aliases) RULE_BY_ID.set(a, r);
}
export type { RuleMeta };
