/**
 * suanpan.server.importReport: a PDF or Word file to the Markdown beside it (report.pdf →
 * report.md), for the client's *Import report (PDF/Word)* command. The import runs here, in the
 * server (host/import.ts, the importer `suanpan import` uses); an existing Markdown file is
 * never replaced unless the client says the user agreed (`overwrite`). The client opens the
 * file it is told about, which is then checked as any other.
 */
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importPath, isFailure } from '../../host/import';
import type { ServerContext } from '../context';
import type { ImportParams, ImportReply } from '../import-protocol';
import { uriToPath } from '../uri';

/** The Markdown file an import writes: beside the original, with its name (report.pdf → report.md). */
export function importTarget(path: string): string {
  return join(dirname(path), basename(path, extname(path)) + '.md');
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` to `path`: a new file only (flag wx), or replacing it through a temporary file and a rename. */
function writeTarget(path: string, text: string, replace: boolean): 'ok' | 'exists' {
  const tmp = replace ? join(dirname(path), `.${basename(path)}.suanpan-${process.pid}.tmp`) : path;
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && !replace) return 'exists';
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (replace) {
    try {
      renameSync(tmp, path);
    } catch (e) {
      unlinkSync(tmp);
      throw e;
    }
  }
  return 'ok';
}

/** Imports the file `params.uri` names and writes its Markdown beside it. Never throws. */
export async function importReport(
  params: ImportParams | undefined,
  onPage?: (page: number, of: number) => void,
): Promise<ImportReply> {
  const uri = typeof params?.uri === 'string' ? params.uri : '';
  const failed = (message: string, kind: string): ImportReply => ({ status: 'failed', uri, message, kind });
  const path = uriToPath(uri);
  if (!path) return failed('只能导入磁盘上的文件 (only a file on disk can be imported)', 'unsupported');
  const target = importTarget(path);
  const targetUri = pathToFileURL(target).href;
  const overwrite = params?.overwrite === true;
  if (!overwrite && exists(target)) return { status: 'exists', uri: targetUri, target };
  const r = await importPath(path, onPage);
  if (isFailure(r)) return failed(r.message, r.kind);
  try {
    if (writeTarget(target, r.markdown, overwrite) === 'exists') return { status: 'exists', uri: targetUri, target };
  } catch (e) {
    return failed(`无法写入「${target}」 (cannot write: ${(e as Error).message})`, 'unwritable');
  }
  const pages = r.pages.reduce((m, p) => Math.max(m, p), 0);
  return { status: 'written', uri: targetUri, target, pages, warnings: r.warnings };
}

/** The command as the server runs it: with a progress report (page n of m) where the client shows one. */
export async function runImportCommand(ctx: ServerContext, params: ImportParams | undefined): Promise<ImportReply> {
  const progress = ctx.caps.progress
    ? await ctx.connection.window.createWorkDoneProgress().catch(() => undefined)
    : undefined;
  const name = basename((typeof params?.uri === 'string' && uriToPath(params.uri)) || '');
  progress?.begin('Suanpan', 0, name, false);
  try {
    const reply = await importReport(params, (p, n) =>
      progress?.report(Math.round((p / n) * 100), `${name} ${p}/${n}`),
    );
    if (reply.status === 'failed') ctx.log(`import ${reply.uri}: ${reply.message}`);
    return reply;
  } catch (e) {
    ctx.logError(`import ${params?.uri}`, e);
    return { status: 'failed', uri: String(params?.uri ?? ''), message: String(e), kind: 'internal' };
  } finally {
    progress?.done();
  }
}
