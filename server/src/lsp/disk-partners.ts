/**
 * The partners of an open report that are not open: the workspace's report files (the list the
 * main thread found, workspace.ts), read from disk inside the report's workspace folder. Each
 * file's identity is read once per version of the file (its size and modification time, or until
 * the main thread says it changed); which files may pair with the report is decided from the
 * identities alone (crossGroups), and only those are checked, once per version, for their figures.
 */
import { statSync } from 'node:fs';
import { sep } from 'node:path';
import { isReport, MAX_TEXT, readReport, type CrossEntry, type Engine } from '../engine';
import { identityOf, type DocIdentity } from '../engine/cross';
import { crossGroups, type GroupMember } from '../engine/cross/groups';
import { confinedReadFile, readUtf8 } from '../host/files';

interface Known {
  stamp: string;
  identity?: DocIdentity;
  /** Its cross entry, once checked (undefined: not checked yet; null: not a report). */
  entry?: CrossEntry | null;
}

export interface DiskPartnersFor {
  entries: CrossEntry[];
  /** Partners left unchecked this time (the time given was spent): the report is to be checked again. */
  more: boolean;
}

export class DiskPartners {
  private files: string[] = [];
  private readonly known = new Map<string, Known>();

  constructor(
    /** The engine the partners are checked with (not the open documents': its caches stay theirs). */
    private readonly engine: Engine,
    private readonly now: () => number = Date.now,
  ) {}

  /** The workspace's report files (the open ones among them are skipped when asked). */
  setFiles(paths: string[]): void {
    this.files = [...paths];
    const keep = new Set(paths);
    for (const p of [...this.known.keys()]) if (!keep.has(p)) this.known.delete(p);
  }

  /** Files changed on disk: read again when next asked. */
  changed(paths: string[]): void {
    for (const p of paths) this.known.delete(p);
  }

  /**
   * The disk reports that may pair with `entry` (the group crossGroups puts it in with the other
   * open reports `open` and every report on disk), inside `root`; open files are not read. Files
   * not read yet are read within `budgetMs`; the rest wait for the next check (`more`, when this
   * one made progress: each check of the report then gets further, and none loops). The files
   * the report links (`linked`: its tables file) are part of it, never its partners (as in a batch).
   */
  partnersOf(
    entry: CrossEntry,
    open: CrossEntry[],
    root: string,
    openText: (path: string) => string | undefined,
    sets: string[][],
    budgetMs: number,
    linked: readonly string[] = [],
  ): DiskPartnersFor {
    const out: DiskPartnersFor = { entries: [], more: false };
    if (!entry.path) return out;
    const start = this.now();
    let pending = false;
    let progress = false;
    const spent = (p: string, fresh: (k: Known | undefined) => boolean) => {
      if (!fresh(this.known.get(p)) || (budgetMs > 0 && this.now() - start <= budgetMs)) return false;
      pending = true;
      return true;
    };
    const others = [entry, ...open.filter((e) => e !== entry)];
    const members: GroupMember[] = others.map((e) => ({ path: e.path, identity: e.identity }));
    const skip = new Set([...others.map((e) => e.path), ...linked]);
    const first = members.length;
    const paths: string[] = [];
    for (const p of this.files) {
      if (skip.has(p) || openText(p) !== undefined || !inside(root, p)) continue;
      if (spent(p, (k) => !k)) continue;
      progress ||= !this.known.has(p);
      const identity = this.look(p)?.identity;
      if (!identity) continue;
      members.push({ path: p, identity });
      paths.push(p);
    }
    const group = crossGroups(members, sets).find((g) => g.includes(0));
    for (const i of group ?? []) {
      if (i < first) continue;
      const p = paths[i - first];
      if (spent(p, (k) => k?.entry === undefined)) continue;
      progress ||= this.known.get(p)?.entry === undefined;
      const e = this.entryOf(p, root, openText);
      if (e) out.entries.push(e);
    }
    out.more = pending && progress;
    return out;
  }

  private look(path: string): Known | undefined {
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      this.known.delete(path);
      return undefined;
    }
    const k = this.known.get(path);
    if (k?.stamp === stamp) return k;
    const text = readText(path);
    const doc = text === undefined ? undefined : readReport(text, path);
    if (doc) doc.path = path;
    const fresh: Known = { stamp, identity: doc && isReport(doc) ? identityOf(doc) : undefined };
    this.known.set(path, fresh);
    return fresh;
  }

  private identityOf(path: string): DocIdentity | undefined {
    return this.look(path)?.identity;
  }

  private entryOf(path: string, root: string, openText: (path: string) => string | undefined): CrossEntry | undefined {
    const k = this.look(path);
    if (!k?.identity) return undefined;
    if (k.entry !== undefined) return k.entry ?? undefined;
    const text = readText(path);
    // a linked tables file: the editor's text when it is open, else the disk's, inside the root
    const readFile = confinedReadFile(root, path, {}, openText);
    let entry: CrossEntry | null;
    try {
      const result = text === undefined ? undefined : this.engine.check(text, { path, readFile });
      entry = result?.isReport ? this.engine.crossEntry(result, path) : null;
    } catch {
      entry = null; // a partner that cannot be checked takes no part
    }
    k.entry = entry;
    return entry ?? undefined;
  }
}

function readText(path: string): string | undefined {
  const r = readUtf8(path);
  return r.ok && r.text.length <= MAX_TEXT ? r.text : undefined;
}

function inside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}
