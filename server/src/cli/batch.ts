/**
 * `suanpan check` on a batch of files (from 3), in this thread or on the worker pool, the same way:
 *
 * 1. A first look at each file (cross/first-look.ts): its identity and the tables file it links,
 *    as its check will find them. The reports first; then the tables files (YAML) no report
 *    links, which are reports of their own. A tables file a report links is not looked at.
 * 2. The reports that may pair are grouped (crossGroups, from the identities), each group checked
 *    and crossed together (checkGroup), every other file alone (checkTask); a linked tables file
 *    waits for the reports that link it, and is checked on its own only if none did.
 * 3. The outcomes are printed in input order as soon as each and all before it are in (output.ts),
 *    and released; what is kept to the end is the problems and the counts. Files that share a
 *    file their findings go to (two reports linking one tables file) are printed together.
 *
 * Each file is read by its look and by its check; a Markdown report whose front matter names its
 * 类型 is parsed once (its look reads the front matter only), a text export's look skips its
 * tables' grids, any other report is read twice.
 */
import { resolve } from 'node:path';
import { ProjectConfigs } from '../config';
import { LINKABLE } from '../host/files';
import { crossGroups } from '../engine/cross/groups';
import type { FileOutcome, FileResult, FileTask, Look } from './check-file';
import type { Output } from './output';

/** What is checked in one go: one file, or a group of reports checked against each other. */
export type Unit = { kind: 'check'; task: FileTask } | { kind: 'group'; tasks: FileTask[] };

interface Sink {
  err: (s: string) => void;
  isTTY?: boolean;
}

/**
 * The tables files held for the reports that link them (by the reports' first looks): each with
 * the reports that link it. A held file is not looked at, and checked only if none of them links it.
 */
export function heldFiles(tasks: FileTask[], looks: Array<Look | undefined>): Map<number, number[]> {
  const linkers = new Map<string, number[]>();
  looks.forEach((l, i) => {
    if (!l?.link) return;
    const k = resolve(l.link);
    linkers.set(k, [...(linkers.get(k) ?? []), i]);
  });
  const held = new Map<number, number[]>();
  for (const t of tasks) {
    const by = LINKABLE.test(t.path) ? linkers.get(resolve(t.path))?.filter((i) => i !== t.i) : undefined;
    if (by?.length) held.set(t.i, by);
  }
  return held;
}

export class Batch {
  /** What to check, in input order of each unit's first file; held tables files come later (`record`). */
  readonly units: Unit[] = [];
  /** The sets named by .suanpan.yaml files, as the paths the reports are checked under. */
  readonly sets: string[][];
  private readonly outcomes: Array<FileOutcome | undefined> = [];
  /** The last file that must be in before file i is printed (one sharing a file its findings go to). */
  private readonly need: number[];
  /** Per file: the problems, and those of the checks across reports, printed at the end in input order. */
  private readonly problems: string[][] = [];
  private readonly crossProblems: string[] = [];
  private next = 0;
  private done = 0;
  private skipped = 0;
  /** Tables files held for the reports that link them: the reports still to come. */
  private readonly waiting: Map<number, number[]>;

  constructor(
    private readonly tasks: FileTask[],
    looks: Array<Look | undefined>,
    private readonly held: Map<number, number[]>,
    cross: { on: boolean; noConfig: boolean },
    private readonly output: Output,
    private readonly io: Sink,
  ) {
    this.waiting = new Map([...held].map(([i, by]) => [i, [...by]]));
    const members = looks.flatMap((l, i) => (l && !held.has(i) ? [{ task: tasks[i], ...l }] : []));
    this.sets =
      cross.on && !cross.noConfig ? namedSets(members.map((m) => ({ path: m.task.path, docPath: m.path }))) : [];
    const groups = cross.on ? crossGroups(members, this.sets).map((g) => g.map((k) => members[k].task)) : [];
    const first = new Map(groups.map((g) => [g[0].i, g]));
    const grouped = new Set(groups.flat().map((t) => t.i));
    for (const t of tasks) {
      if (first.has(t.i)) this.units.push({ kind: 'group', tasks: first.get(t.i)! });
      else if (!grouped.has(t.i) && !held.has(t.i)) this.units.push({ kind: 'check', task: t });
    }
    this.need = needs(tasks, looks);
  }

  /**
   * A file's outcome is in (a worker's or this thread's): printed when its turn comes. The tables
   * files now to be checked on their own are returned (held for reports that, checked, did not link them).
   */
  record(o: FileOutcome): FileTask[] {
    this.outcomes[o.i] = o;
    this.problems[o.i] = o.problems;
    if (o.crossProblem) this.crossProblems[o.i] = o.crossProblem;
    if (o.skipped) this.skipped++;
    if (this.io.isTTY) this.io.err(`\r[${++this.done}/${this.tasks.length}] ${this.tasks[o.i].path}\x1b[K`);
    const ready: FileTask[] = [];
    for (const [t, by] of this.waiting) {
      const at = by.indexOf(o.i);
      if (at < 0) continue;
      by.splice(at, 1);
      if (by.length) continue;
      this.waiting.delete(t);
      const path = resolve(this.tasks[t].path);
      const linked = this.held.get(t)!.some((j) => {
        const x = this.outcomes[j];
        return !!x?.result && x.linked.some((p) => resolve(p) === path);
      });
      if (linked) ready.push(...this.record({ i: t, problems: [], linked: [] }));
      else ready.push(this.tasks[t]);
    }
    this.flush();
    return ready;
  }

  /**
   * Prints the files whose turn has come: runs in input order, each with every file in and none
   * it shares a file with left out.
   */
  private flush(): void {
    while (this.next < this.tasks.length) {
      let end = this.next;
      for (let k = this.next; k <= end; k++) {
        if (!this.outcomes[k]) return;
        end = Math.max(end, this.need[k]);
      }
      const run = this.outcomes.slice(this.next, end + 1) as FileOutcome[];
      // a file a report links (its tables file) is reported with the report, not on its own
      const linked = new Set(run.flatMap((o) => (o.result ? o.linked.map((p) => resolve(p)) : [])));
      const shown: FileResult[] = [];
      for (const o of run) if (o.result && !linked.has(resolve(o.result.path))) shown.push(o.result);
      this.output.add(shown);
      for (let k = this.next; k <= end; k++) this.outcomes[k] = undefined;
      this.next = end + 1;
    }
  }

  /** Whether every file has been printed. */
  get complete(): boolean {
    return this.next >= this.tasks.length;
  }

  /** The problems of the files, then of the checks across reports (in input order); the files not reports. */
  end(): { problems: string[]; crossProblems: string[]; skipped: number } {
    return {
      problems: this.problems.flatMap((p) => p ?? []),
      crossProblems: this.crossProblems.filter((p) => p !== undefined),
      skipped: this.skipped,
    };
  }
}

/**
 * For each file, the last file that shares with it a file findings go to (its own path, or the
 * tables file it links): the runs printed together end there at the soonest.
 */
function needs(tasks: FileTask[], looks: Array<Look | undefined>): number[] {
  const keys = tasks.map((t, i) => {
    const l = looks[i]?.link;
    return l ? [resolve(t.path), resolve(l)] : [resolve(t.path)];
  });
  const last = new Map<string, number>();
  keys.forEach((ks, i) => ks.forEach((k) => last.set(k, i)));
  return keys.map((ks, i) => Math.max(i, ...ks.map((k) => last.get(k)!)));
}

/**
 * The sets the .suanpan.yaml files of the reports name (`sets:`), as the paths the reports are
 * checked under (a PDF's is that of its import).
 */
export function namedSets(reports: Array<{ path: string; docPath?: string }>): string[][] {
  const configs = new ProjectConfigs();
  const byFile = new Map(reports.filter((r) => r.docPath).map((r) => [resolve(r.path), r.docPath!]));
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const r of reports) {
    const cfg = configs.forFile(resolve(r.path));
    if (!cfg || seen.has(cfg.path)) continue;
    seen.add(cfg.path);
    for (const set of cfg.sets) out.push(set.map((p) => byFile.get(resolve(p)) ?? p));
  }
  return out;
}
