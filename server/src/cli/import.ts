/**
 * suanpan import <file.pdf|file.docx> [-o report.md] — a published PDF or a Word draft to the
 * Markdown Suanpan reads (docs/format.md). Without -o the Markdown goes to stdout.
 * Exit 0: written; 2: unusable input (encrypted, scanned without a text layer, damaged, unknown type).
 */
import { writeFileSync } from 'node:fs';
import { BINARY_EXT, importPath, isFailure } from '../host/import';
import type { ImportResult } from '../engine/read/import/blocks';

export interface ImportIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY?: boolean;
}

const USAGE = 'usage: suanpan import <file.pdf|file.docx> [-o report.md]';

function parse(argv: string[]): { file: string; output?: string; pages: boolean } | string {
  let file: string | undefined;
  let output: string | undefined;
  let pages = false;
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '-o' || x === '--output') {
      output = argv[++i];
      if (!output) return `${x} needs a file name`;
    } else if (x === '--pages') pages = true;
    else if (x.startsWith('-')) return `unknown option: ${x}`;
    else if (file) return `one file at a time (${file}, ${x})`;
    else file = x;
  }
  return file ? { file, output, pages } : 'no file given';
}

export { BINARY_EXT };

/** A PDF or Word file as the Markdown Suanpan reads, or why it cannot be imported (a message). */
export async function importFile(file: string, io: ImportIo): Promise<ImportResult | string> {
  try {
    const r = await importPath(file, (p, n) => {
      if (io.isTTY) io.err(`\r[${p}/${n}] ${file}\x1b[K`);
      else if (p === n || p % 50 === 0) io.err(`suanpan: ${file}: page ${p} of ${n}`);
    });
    return isFailure(r) ? r.message : r;
  } finally {
    if (io.isTTY) io.err('\r\x1b[K');
  }
}

/** Imports one file; resolves to the exit status. */
export async function importCommand(argv: string[], io: ImportIo): Promise<number> {
  const a = parse(argv);
  if (typeof a === 'string') {
    io.err(`suanpan: ${a}\n${USAGE}`);
    return 2;
  }
  const got = await importFile(a.file, io);
  if (typeof got === 'string') {
    io.err(`suanpan: ${a.file}: ${got}`);
    return 2;
  }
  const r = got;
  for (const w of r.warnings) io.err(`suanpan: ${a.file}: ${w}`);
  const text = a.pages
    ? r.markdown
        .split('\n')
        .map((l, i) => `${r.pages[i] ?? 0}\t${l}`)
        .join('\n')
    : r.markdown;
  if (a.output) {
    try {
      writeFileSync(a.output, text);
    } catch (e) {
      io.err(`suanpan: ${a.output}: 无法写入 (cannot write: ${(e as Error).message})`);
      return 2;
    }
  } else io.out(text);
  return 0;
}

/** The CLI entry for `suanpan import …` (main.ts dispatches here). */
export function runImportCli(argv: string[]): void {
  void importCommand(argv, {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
    err: (s) => process.stderr.write(s.endsWith('\x1b[K') || s.startsWith('\r') ? s : s + '\n'),
    isTTY: !!process.stderr.isTTY,
  }).then((code) => (process.exitCode = code));
}
