/**
 * The 政府收支分类科目 (server/data/classification.yaml): official codes and names of the 支出功能分类
 * (类 201, 款 20101, 项 2010101) and the 部门预算支出经济分类 (类 301, 款 30101), with the former names
 * of the codes whose names changed. Functional codes begin with 2, economic ones with 3, so one
 * code names one entry.
 */
import { DATA } from '../../generated/data';
import { normLabel } from './index';

export interface ClassEntry {
  code: string;
  name: string;
  former?: Array<{ name: string; until: number }>;
}

export type Classification = 'functional' | 'economic';

interface ClassificationData {
  functional: ClassEntry[];
  economic: ClassEntry[];
}

const data = DATA.classification as ClassificationData;

/** The dictionary, by code and by normalised name. */
export class ClassDictionary {
  readonly byCode = new Map<string, ClassEntry & { kind: Classification }>();
  /** normalised official name -> its codes (of either classification). */
  private readonly byName = new Map<string, string[]>();
  /** normalised former name -> the codes it named and the last year it was official (made when first asked). */
  private byFormerName?: Map<string, Array<{ code: string; until: number }>>;

  constructor(d: ClassificationData) {
    for (const kind of ['functional', 'economic'] as const)
      for (const e of d[kind]) {
        this.byCode.set(e.code, { ...e, kind });
        const n = normLabel(e.name);
        this.byName.set(n, [...(this.byName.get(n) ?? []), e.code]);
      }
  }

  /** The official name of a code in a year (the current one when the year is not known). */
  nameOf(code: string, year?: number): string | undefined {
    const e = this.byCode.get(code);
    if (!e) return undefined;
    if (year !== undefined)
      for (const f of [...(e.former ?? [])].sort((a, b) => a.until - b.until)) if (year <= f.until) return f.name;
    return e.name;
  }

  /** The former name `name` was, for this code, and the last year it was official. */
  formerOf(code: string, name: string): { name: string; until: number } | undefined {
    const n = normLabel(name);
    return this.byCode.get(code)?.former?.find((f) => normLabel(f.name) === n);
  }

  /** The codes whose current official name is `name`, of one classification. */
  codesNamed(name: string, kind?: Classification): string[] {
    const codes = this.byName.get(normLabel(name)) ?? [];
    return kind ? codes.filter((c) => this.byCode.get(c)!.kind === kind) : codes;
  }

  /** The code of a former name (one that is no longer official), of the functional classification. */
  codesFormerlyNamed(name: string): Array<{ code: string; until: number }> {
    if (!this.byFormerName) {
      // by normalised former name, in the dictionary's order (made once: a scan of every code per
      // name looked up was most of the time of reading the 「X（类）Y（款）」 names of a report)
      this.byFormerName = new Map();
      for (const e of this.byCode.values())
        for (const f of e.former ?? []) {
          const n = normLabel(f.name);
          const l = this.byFormerName.get(n);
          if (l) l.push({ code: e.code, until: f.until });
          else this.byFormerName.set(n, [{ code: e.code, until: f.until }]);
        }
    }
    const l = this.byFormerName.get(normLabel(name));
    return l ? l.map((f) => ({ ...f })) : [];
  }
}

export const classDictionary = new ClassDictionary(data);

/** 类 3 digits, 款 5, 项 7. */
export function levelOfCode(code: string): number {
  return code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
}
