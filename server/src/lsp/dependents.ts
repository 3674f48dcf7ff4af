/** Which checked documents read which linked file (a narrative's 数据: tables.yaml). */

export class Dependents {
  /** Linked file path → URIs of the checked documents that read it. */
  private byPath = new Map<string, Set<string>>();

  /** Records the files the check of `origin` read (replacing what it read before). */
  note(origin: string, result: { linked: ReadonlyArray<{ path?: string }> } | undefined): void {
    this.forget(origin);
    for (const d of result?.linked ?? []) {
      if (!d.path) continue;
      let set = this.byPath.get(d.path);
      if (!set) this.byPath.set(d.path, (set = new Set()));
      set.add(origin);
    }
  }

  forget(origin: string): void {
    for (const set of this.byPath.values()) set.delete(origin);
  }

  /** The documents whose check read the file at `path`. */
  of(path: string | undefined): string[] {
    return path ? [...(this.byPath.get(path) ?? [])] : [];
  }

  /** Whether the check of `uri` read the file at `path`. */
  reads(uri: string, path: string): boolean {
    return !!this.byPath.get(path)?.has(uri);
  }
}
