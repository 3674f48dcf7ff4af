/**
 * What `suanpan check` prints (text, JSON, SARIF, HTML), written as the reports come: the results
 * are given in input order, in runs (`add`) of which no file's findings reach into another run
 * (a tables file two reports link is one run with both), so each run is printed and released at
 * once. Text and JSON are streamed (the same bytes as printing the batch whole); SARIF and HTML
 * are one document each, printed at the end. `-o` writes to its file the same way.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Finding, Lang } from '../engine';
import type { FileResult } from './check-file';

export interface OutputArgs {
  format: 'text' | 'json' | 'sarif' | 'html';
  lang: Lang;
  output?: string;
}

export interface Sink {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY?: boolean;
}

export class Output {
  private shown = 0;
  private readonly counts = { error: 0, warning: 0, info: 0 };
  /** The JSON entry printed last is held until the next (it takes a comma then) or the end. */
  private held?: string;
  private started = false;
  /** SARIF and HTML: the results, printed as one document at the end. */
  private readonly kept: FileResult[] = [];
  private fd?: number;
  private writeProblem?: string;
  private readonly cwd = process.cwd();

  constructor(
    private readonly args: OutputArgs,
    private readonly io: Sink,
    /** Before each write to stdout (the progress line on a terminal is cleared). */
    private readonly beforeWrite: () => void = () => {},
  ) {
    if (args.output) {
      try {
        this.fd = openSync(args.output, 'w');
      } catch (e) {
        this.writeProblem = `${args.output}: 无法写入 (cannot write: ${(e as Error).message})`;
      }
    }
  }

  /** The next results in input order (a run no other run's findings reach into). */
  add(results: FileResult[]): void {
    if (!results.length) return;
    this.shown += results.length;
    for (const r of results) for (const f of r.findings) this.counts[f.severity]++;
    const { format } = this.args;
    if (format === 'sarif' || format === 'html') {
      for (const r of results)
        this.kept.push({ path: r.path, findings: r.findings, pages: r.pages, relations: r.relations });
      return;
    }
    this.beforeWrite();
    if (format === 'json') {
      if (!this.started) this.write('{\n  "files": [');
      this.started = true;
      for (const r of byFile(results)) {
        const entry = { path: r.path, findings: r.findings.map((f) => ({ ...jsonFinding(f), ...pageOf(r, f) })) };
        if (this.held !== undefined) this.write(this.held + ',');
        this.held = '    ' + JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ');
      }
      return;
    }
    for (const r of byFile(results)) {
      for (const f of r.findings) {
        const p = relative(this.cwd, resolve(r.path)) || r.path;
        const page = pageOf(r, f).page;
        const at = page ? `${p}:p${page}` : `${p}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
        this.write(`${at}  ${f.severity.padEnd(7)}  ${f.rule.padEnd(19)}  ${f.message}`);
      }
    }
  }

  /** The end of the output (the summary, the end of the JSON, SARIF, HTML): the errors, a problem writing -o. */
  finish(): { errors: number; problem?: string } {
    const { format, lang } = this.args;
    this.beforeWrite();
    if (format === 'json') {
      if (!this.started) this.write('{\n  "files": []\n}');
      else this.write(`${this.held !== undefined ? this.held + '\n' : ''}  ]\n}`);
    } else if (format === 'sarif') {
      this.write(JSON.stringify(lazySarif().toSarif(byFile(this.kept), lang), null, 2));
    } else if (format === 'html') {
      this.write(
        lazyHtml().toHtml(
          this.kept.map((r) => ({ ...r, relations: r.relations! })),
          lang,
        ),
      );
    } else {
      const c = this.counts;
      this.write(
        lang === 'en'
          ? `${this.shown} file(s): ${c.error} error(s), ${c.warning} warning(s), ${c.info} info`
          : `${this.shown} 个文件：${c.error} 个错误，${c.warning} 个警告，${c.info} 个提示`,
      );
    }
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch (e) {
        this.writeProblem ??= `${this.args.output}: 无法写入 (cannot write: ${(e as Error).message})`;
      }
    }
    return { errors: this.counts.error, ...(this.writeProblem ? { problem: this.writeProblem } : {}) };
  }

  /** The files printed so far. */
  get files(): number {
    return this.shown;
  }

  private write(s: string): void {
    if (!this.args.output) return this.io.out(s);
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, s + '\n');
    } catch (e) {
      this.writeProblem ??= `${this.args.output}: 无法写入 (cannot write: ${(e as Error).message})`;
    }
  }
}

/** The PDF page a finding is on, for a file checked from its import. */
function pageOf(r: FileResult, f: Finding): { page?: number } {
  const page = r.pages?.[f.range.start.line];
  return page ? { page } : {};
}

/** Findings regrouped by the file they are in (a report's linked tables file gets its own entry). */
function byFile(results: FileResult[]): FileResult[] {
  const out = new Map<string, Finding[]>();
  for (const r of results) {
    if (!out.has(r.path)) out.set(r.path, []);
    for (const f of r.findings) {
      const p = f.path ?? r.path;
      if (!out.has(p)) out.set(p, []);
      out.get(p)!.push(f);
    }
  }
  const pages = new Map(results.map((r) => [r.path, r.pages]));
  return [...out].map(([path, findings]) => ({ path, findings, pages: pages.get(path) }));
}

export function jsonFinding(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: f.range,
    related: f.related.map((r) => ({
      ...(r.path ? { path: r.path } : {}),
      ...(r.page ? { page: r.page } : {}),
      range: r.range,
      message: r.message,
    })),
    expected: f.expected,
    formula: f.formula,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => ({ range: e.range, newText: e.newText })),
    })),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when used: text and JSON need neither */
const lazySarif = () => require('./sarif') as typeof import('./sarif');
const lazyHtml = () => require('./html') as typeof import('./html');
/* eslint-enable @typescript-eslint/no-require-imports */
