/**
 * The knowledge of reports checked against each other (server/data/cross.yaml): where a report
 * names its unit, how a department lists its units, what period and measure a figure is about,
 * the bases of stated changes, and the extra labels of budget prose.
 */
import { DATA } from '../../generated/data';
import { normLabel, type Role } from './index';

export type Measure = 'budget' | 'actual' | 'adjusted' | 'execution';
export type Stage = '预算' | '决算';
export type CrossKind = 'year' | 'budget-final' | 'department-units';

export interface Place {
  period: 0 | -1;
  measure: Measure;
}

interface CrossData {
  identity: { unitLabels: string[]; within: number };
  units: { listIntro: string[]; none: string[]; merged: string[]; own: string[] };
  roles: Record<Stage, Partial<Record<Role, Place>>>;
  changes: {
    base: string;
    measures: Record<string, Measure>;
    byStage: Record<Stage, Measure>;
    flat: string;
    within: number;
  };
  labels: Record<string, string[]>;
  relations: Array<{ kind: CrossKind; rule: string }>;
}

export class CrossKnowledge {
  readonly identity: CrossData['identity'];
  readonly units: CrossData['units'];
  readonly changes: CrossData['changes'];
  /** 「比2024年预算」: group 1 上年, group 2 a year, group 3 the measure word. */
  readonly baseRe: RegExp;
  private readonly labels = new Map<string, string>();
  private readonly maxLabel: number;
  private readonly roles: CrossData['roles'];
  private readonly rules: Map<CrossKind, string>;

  constructor(data: CrossData) {
    this.identity = data.identity;
    this.units = { ...data.units, own: [...data.units.own].sort((a, b) => b.length - a.length) };
    this.changes = data.changes;
    this.roles = data.roles;
    this.baseRe = new RegExp(data.changes.base);
    let max = 0;
    for (const [concept, labels] of Object.entries(data.labels)) {
      for (const l of labels) {
        const n = normLabel(l);
        this.labels.set(n, concept);
        max = Math.max(max, n.length);
      }
    }
    this.maxLabel = max;
    this.rules = new Map(data.relations.map((r) => [r.kind, r.rule]));
  }

  /** The period and measure of a figure of this role in a report of this stage (undefined: none). */
  placeOf(stage: Stage, role: Role): Place | undefined {
    return this.roles[stage][role];
  }

  /** The longest extra label ending the text: its concept (base or scope.base). */
  labelSuffix(text: string): string | undefined {
    for (let i = Math.max(0, text.length - this.maxLabel); i < text.length; i++) {
      const c = this.labels.get(text.slice(i));
      if (c) return c;
    }
    return undefined;
  }

  ruleOf(kind: CrossKind): string {
    return this.rules.get(kind) ?? kind;
  }
}

export const crossKnowledge = new CrossKnowledge(DATA.cross as CrossData);
