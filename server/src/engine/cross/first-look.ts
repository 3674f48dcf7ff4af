/**
 * A report's identity before its check, for a host that groups a batch by it (groups.ts): the
 * identity the check's crossEntry will have, and the file the report links (数据: tables.yaml),
 * exactly, since both are the same functions of the same document. identityOf reads only the
 * metadata and the text, so a Markdown report whose front matter names its 类型 is not read
 * further (the body is the check's to read); a text export is read without its tables' grids
 * (where its tables are is read, so its sections are the check's); any other is read whole, as
 * the check reads it.
 */
import { formatOf, isReport, MAX_TEXT, readReport, resolvePath } from '../read';
import { readFrontMatterMeta } from '../read/markdown';
import { readPlainText } from '../read/plaintext';
import type { Meta } from '../read/model';
import { identityOf, type DocIdentity } from './identity';

export interface FirstLook {
  identity: DocIdentity;
  /** The file the report names in its front matter (数据), resolved from its path. */
  link?: string;
}

/** The first look at a report, undefined when the text is not one (or is too large to check). */
export function firstLook(text: string, path: string): FirstLook | undefined {
  if (text.length > MAX_TEXT) return undefined;
  const format = formatOf(path, text);
  if (format === 'markdown') {
    const meta = readFrontMatterMeta(text);
    // isReport: a 类型 in the front matter makes a report, whatever its body
    if (meta.source === 'front-matter' && meta.kind) return lookOf(text, meta, path);
  }
  // a text export's first look skips its tables' grids: its sections and metadata are the same
  const doc = format === 'text' ? readPlainText(text, 'outline') : readReport(text, path);
  doc.path = path;
  return isReport(doc) ? lookOf(text, doc.meta, path) : undefined;
}

function lookOf(source: string, meta: Meta, path: string): FirstLook {
  const name = meta.fields['数据']?.value;
  return {
    identity: identityOf({ source, meta }),
    ...(typeof name === 'string' ? { link: resolvePath(path, name) } : {}),
  };
}
