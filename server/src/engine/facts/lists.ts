/**
 * The 其中 lists of a paragraph: which figure each listed item belongs to (issue 11).
 *
 * A 其中 belongs to the figure it follows: the last amount before it in its sentence (outside any
 * bracket closed since), or, opening a sentence, the head of the sentence before. Its items are
 * the values read after it, until
 * - the bracket it was opened in closes (「公车购置及运行费120万元（其中：购置费20万元，运行费100万元），
 *   公务接待费…」: 公务接待费 is the outer list's again);
 * - its sentence ends: the next sentence goes on with the list only when its first value is of the
 *   list's family (a part of the head by an identity, or a sibling of an item), else the list ends;
 * - a 「；」 ends an item of a list nested without brackets: which list the next item is of is then
 *   not certain, and it is read as an item of the inner or the outer list only when its family
 *   says so (an item the family does not place has no head at all).
 * Reading by family is certain knowledge (the identities); an item never placed is never related,
 * so an uncertain reading says nothing.
 */
import type { Grammar } from '../knowledge/grammar';
import { partOf, siblings } from '../knowledge/families';
import type { Fact } from './extract';

/** Figures of one kind relate to each other: amounts, and counts of one unit (人, 辆 …). */
export function kindOf(f: Pick<Fact, 'unitKind' | 'unit'>): string {
  return f.unitKind === 'amount' ? 'amount' : `${f.unitKind}:${f.unit}`;
}

interface List {
  /** The head of each kind of figure: 「车辆3辆，价值125.46万元，其中：…用车0辆」 lists vehicles under 3辆. */
  heads: Map<string, Fact>;
  items: Fact[];
  /** The list that was open when this one was opened under one of its items. */
  outer?: List;
  /** Opened inside a bracket: it ends when that bracket closes. */
  bracketed: boolean;
}

interface Frame {
  /** The reader's state when the bracket opened, restored when it closes. */
  list?: List;
  pending?: Pending;
  last?: Fact;
  lastByKind: Map<string, Fact>;
  /** A 其中 was opened in this bracket. */
  opened: boolean;
}

/** Lists an item may belong to, decided by the next value's family. */
interface Pending {
  candidates: List[];
  /** At a sentence start: a first value of another family ends the lists. */
  strict: boolean;
}

export class ListReader {
  private list?: List;
  private pending?: Pending;
  private frames: Frame[] = [];
  /** The last value read in the sentence, and of each kind, outside the brackets closed since. */
  private last?: Fact;
  private lastByKind = new Map<string, Fact>();
  /** The head of the sentence before (a 其中 opening a sentence belongs to it). */
  private before?: Fact;
  /** Each value read as an item, and its list's head. */
  readonly heads = new Map<Fact, Fact>();
  /** Values read while it was not certain which list they were of. */
  readonly unplaced = new Set<Fact>();

  constructor(private readonly g: Grammar) {}

  /** The innermost head an item of this kind read now would have (undecided lists: the innermost candidate's). */
  head(kind: string): Fact | undefined {
    return (this.list ?? this.pending?.candidates[0])?.heads.get(kind);
  }

  /** The last value read in the sentence (a value inside a bracket closed since does not count). */
  get lastValue(): Fact | undefined {
    return this.last;
  }

  /** A sentence starts; `head` is the head of the one before. */
  sentence(head: Fact | undefined): void {
    if (head) this.before = head;
    this.last = undefined;
    this.lastByKind = new Map();
    // a bracket left open (「平均得分99.33分（其中，…」 never closed) does not reach past its sentence
    this.frames = [];
    const open = this.list ? [this.list] : (this.pending?.candidates ?? []);
    this.list = undefined;
    this.pending = open.length ? { candidates: open, strict: true } : undefined;
  }

  /** Text between figures, in order: brackets, 其中 and the marks that end a list's item. */
  scan(t: string, from: number, to: number): void {
    const { g } = this;
    for (let i = from; i < to; i++) {
      const c = t[i];
      if (g.open.includes(c)) {
        const { list, pending, last, lastByKind } = this;
        this.frames.push({ list, pending, last, lastByKind: new Map(lastByKind), opened: false });
      } else if (g.close.includes(c)) this.close();
      else if (g.listEnd.includes(c)) this.itemEnd();
      else if (c === g.among[0] && t.startsWith(g.among, i)) {
        this.open();
        i += g.among.length - 1;
      }
    }
  }

  /** 「财政拨款支出预算中，」: the list of the items of a figure named again (read before). */
  openOn(head: Fact): void {
    this.pending = undefined;
    this.list = { heads: new Map([[kindOf(head), head]]), items: [], bracketed: false };
  }

  /** A value is read: the head it is an item of, if any. */
  value(f: Fact): Fact | undefined {
    this.resolve(f);
    const list = this.list;
    this.last = f;
    this.lastByKind.set(kindOf(f), f);
    const head = list?.heads.get(kindOf(f));
    if (!list || !head || head === f) return undefined;
    list.items.push(f);
    this.heads.set(f, head);
    return head;
  }

  private resolve(f: Fact): void {
    const p = this.pending;
    if (!p) return;
    const fits = f.concept ? p.candidates.find((l) => ofFamily(l, f.concept!)) : undefined;
    if (fits) {
      this.list = fits;
      this.pending = undefined;
    } else if (p.strict) this.pending = undefined;
    else this.unplaced.add(f);
  }

  private open(): void {
    const heads = new Map<string, Fact>();
    for (const [k, f] of this.lastByKind) if (f.unitKind === 'amount' || f.unitKind === 'count') heads.set(k, f);
    // opening a sentence: the head of the sentence before
    if (!this.last && this.before) heads.set(kindOf(this.before), this.before);
    const frame = this.frames[this.frames.length - 1];
    const bracketed = !!frame && !frame.opened;
    if (frame) frame.opened = true;
    const current = this.list;
    this.pending = undefined;
    if (!heads.size) {
      this.list = undefined;
      return;
    }
    // nested: a head is an item of the list open now
    const outer = current && [...heads.values()].some((h) => current.items.includes(h)) ? current : undefined;
    this.list = { heads, items: [], outer, bracketed };
  }

  private close(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    this.last = frame.last;
    this.lastByKind = frame.lastByKind;
    if (!frame.opened) return;
    this.list = frame.list;
    this.pending = frame.pending;
  }

  /** 「；」: an item of a list nested without brackets ends; the next may be the outer list's. */
  private itemEnd(): void {
    const list = this.list;
    if (!list?.outer || list.bracketed) return;
    this.list = undefined;
    this.pending = { candidates: [list, list.outer], strict: false };
  }
}

/** A value of the list's family: a part of its head, or a sibling of one of its items. */
function ofFamily(list: List, concept: string): boolean {
  for (const h of list.heads.values()) if (h.concept && partOf(concept, h.concept)) return true;
  return list.items.some((i) => i.concept && i.concept !== concept && siblings(concept, i.concept));
}
