/**
 * Typed access to the knowledge files (server/data/*.yaml, compiled into generated/data.ts):
 * scopes, concept labels and roles, identities.
 */
import { DATA } from '../../generated/data';
import type { Lang } from '../types';

export interface ScopeDef {
  id: string;
  name: Record<Lang, string>;
  title: string[];
}
export interface IdentityDef {
  id: string;
  title: Record<Lang, string>;
  total?: string;
  totalPattern?: string;
  parts?: string[];
  partsPattern?: string;
  scopes: string[];
  roles?: string[];
}
export type Role = '本年' | '年初预算' | '全年预算' | '预算' | '上年';

interface ConceptsFile {
  concepts: Record<string, string[]>;
  roles: Record<string, string[]>;
}

/** Normalise a label for matching: half-width brackets and quotes, no spaces. */
const NORM_NEEDED = /[()"'＂‘’“”\s]/;

export function normLabel(s: string): string {
  if (!NORM_NEEDED.test(s)) return s; // most labels need nothing
  return s
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/["'＂‘’“”]/g, '')
    .replace(/\s+/g, '');
}

class Knowledge {
  readonly scopes: ScopeDef[];
  readonly identities: IdentityDef[];
  /** normalised label -> concept (base or scope.base) */
  private readonly labels = new Map<string, string>();
  private readonly roleWords: Array<{ word: string; role: Role | '决算' }> = [];
  readonly maxLabel: number;

  constructor(readonly data: Record<string, unknown>) {
    this.scopes = data.scopes as ScopeDef[];
    this.identities = data.identities as IdentityDef[];
    const c = data.concepts as ConceptsFile;
    let max = 0;
    for (const [concept, labels] of Object.entries(c.concepts)) {
      for (const l of labels) {
        const n = normLabel(l);
        this.labels.set(n, concept);
        max = Math.max(max, n.length);
      }
    }
    this.maxLabel = max;
    for (const [role, words] of Object.entries(c.roles)) {
      for (const w of words) this.roleWords.push({ word: normLabel(w), role: role as Role | '决算' });
    }
    this.roleWords.sort((a, b) => b.word.length - a.word.length);
  }

  scopeOfTitle(title: string): string | undefined {
    const t = normLabel(title);
    for (const s of this.scopes) if (s.title.some((w) => t.includes(normLabel(w)))) return s.id;
    return undefined;
  }

  scopeName(id: string, lang: Lang): string {
    return this.scopes.find((s) => s.id === id)?.name[lang] ?? id;
  }

  /**
   * The longest known label that ends the given (normalised) text.
   * Returns the concept and the length of the matched label.
   */
  labelSuffix(text: string): { concept: string; length: number } | undefined {
    const start = Math.max(0, text.length - this.maxLabel);
    for (let i = start; i < text.length; i++) {
      const c = this.labels.get(text.slice(i));
      if (c) return { concept: c, length: text.length - i };
    }
    return undefined;
  }

  exactLabel(text: string): string | undefined {
    return this.labels.get(text);
  }

  private byConcept?: Map<string, string[]>;
  /** The labels of a concept as the dictionary writes it (`sangong.公务接待费`, or a base such as `收入总计`). */
  labelsOf(concept: string): readonly string[] {
    if (!this.byConcept) {
      this.byConcept = new Map();
      for (const [label, c] of this.labels) {
        const list = this.byConcept.get(c);
        if (list) list.push(label);
        else this.byConcept.set(c, [label]);
      }
    }
    return this.byConcept.get(concept) ?? [];
  }

  /** A role word ending the text (年初预算数, 决算数 …). */
  roleSuffix(text: string): { role: Role | '决算'; length: number } | undefined {
    for (const r of this.roleWords) if (text.endsWith(r.word)) return { role: r.role, length: r.word.length };
    return undefined;
  }
}

export const knowledge = new Knowledge(DATA);

export * from './concept';
