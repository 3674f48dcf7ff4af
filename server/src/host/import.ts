/**
 * A PDF or Word file on disk to the Markdown Suanpan reads, for both hosts (`suanpan import` /
 * `check` and the editor's import command). The engine's importers take bytes; this reads them,
 * refusing what is not a regular file or is too large to hold, and turns every failure into a
 * message (Chinese and English) rather than an exception.
 */
import { readFileSync, statSync } from 'node:fs';
import { importPdf, ImportError } from '../engine/read/import/pdf';
import { importDocx } from '../engine/read/import/docx';
import type { ImportResult } from '../engine/read/import/blocks';
import { BINARY_EXT } from './binary';

export { BINARY_EXT };

/** The largest file imported (published reports are a few MB; a bigger file is not read into memory). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** Why a file cannot be imported: the message, and its kind for a client to act on. */
export interface ImportFailure {
  message: string;
  kind: 'encrypted' | 'scanned' | 'damaged' | 'unsupported' | 'unreadable' | 'too-large';
}

/** A PDF or Word file as the Markdown Suanpan reads, or why it cannot be imported. */
export async function importPath(
  file: string,
  onPage?: (page: number, of: number) => void,
): Promise<ImportResult | ImportFailure> {
  if (!BINARY_EXT.test(file))
    return {
      message: '只能导入 PDF 或 Word (.docx) 文件 (only .pdf and .docx files can be imported)',
      kind: 'unsupported',
    };
  let bytes: Uint8Array;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { message: '不是普通文件 (not a regular file)', kind: 'unreadable' };
    if (st.size > MAX_IMPORT_BYTES)
      return {
        message: `文件过大（${Math.round(st.size / 1048576)} MB，上限 ${MAX_IMPORT_BYTES / 1048576} MB） (file too large)`,
        kind: 'too-large',
      };
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    return { message: `无法读取 (cannot read: ${(e as Error).message})`, kind: 'unreadable' };
  }
  try {
    if (/\.pdf$/i.test(file)) return await importPdf(bytes, { onPage });
    return importDocx(bytes);
  } catch (e) {
    if (e instanceof ImportError) return { message: e.message, kind: e.kind };
    return { message: `文件已损坏或无法识别 (damaged or unrecognised file: ${(e as Error).message})`, kind: 'damaged' };
  }
}

export function isFailure(r: ImportResult | ImportFailure): r is ImportFailure {
  return 'kind' in r && !('markdown' in r);
}
