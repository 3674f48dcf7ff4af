/**
 * Stage read: the text of a report (Markdown, plain text or YAML) into the document model, and
 * the files it links (its tables file, 数据: tables.yaml), read through the host's workspace.
 */
import type { EngineCaches } from '../caches';
import type { CheckOptions, Lang } from '../types';
import { readMarkdown } from './markdown';
import type { ChunkCache } from './markdown-chunks';
import type { ReportDoc } from './model';
import { readPlainText } from './plaintext';
import { readYamlReport } from './yaml';
import { readingOf } from './traditional';

export type Format = 'markdown' | 'text' | 'yaml';

/** Largest text checked (characters); beyond it a report gets one finding and no checks. */
export const MAX_TEXT = 4_000_000;

export function formatOf(path: string | undefined, text: string): Format {
  if (path && /\.(md|markdown|mdown|mkd)$/i.test(path)) return 'markdown';
  if (path && /\.(ya?ml)$/i.test(path)) return 'yaml';
  if (path && /\.(txt|text)$/i.test(path)) return 'text';
  return /^---\s*\r?\n/.test(text) || /^#{1,6}\s/m.test(text) ? 'markdown' : 'text';
}

export function readReport(text: string, path?: string, chunks?: ChunkCache): ReportDoc {
  const format = formatOf(path, text);
  return format === 'markdown'
    ? readMarkdown(text, chunks)
    : format === 'yaml'
      ? readYamlReport(text)
      : readPlainText(text);
}

/**
 * A report has a 类型 in its front matter, or a title naming 决算/预算, or (a text that opens on
 * its 目录) a body that names itself a 部门/单位 决算/预算 early on.
 */
export function isReport(doc: ReportDoc): boolean {
  if (doc.meta.source === 'front-matter' && doc.meta.kind) return true;
  const titles = doc.sections
    .slice(0, 3)
    .map((s) => s.title)
    .join(' ');
  if (/(决算|预算)/.test(titles) && /(说明|公开|报告|决算|预算)/.test(titles) && doc.sections.length > 0) return true;
  const head = doc.source.slice(0, 5000);
  return /^\s*(?:#{1,6}[^\S\n]*)?目[^\S\n]*录[^\S\n]*\n/.test(head) && /(?:部门|单位)(?:决算|预算)/.test(head);
}

/**
 * What a host's readFile throws when it will not read a linked file (outside the workspace, not a
 * regular file, too large, binary): the check reports the reason at the 数据 entry.
 */
export class LinkRefusal extends Error {
  constructor(readonly reason: Record<Lang, string>) {
    super(reason.en);
  }
}

/** The checked document and the files it links, each read once (a linked file's parse is kept between checks). */
export function readDocuments(text: string, options: CheckOptions, caches: EngineCaches): ReportDoc[] {
  // a report in traditional characters is read converted (same length: ranges stay on the original)
  const { reading, written } = readingOf(text.length > MAX_TEXT ? '' : text);
  const doc = readReport(reading, options.path, caches.chunks);
  doc.path = options.path;
  if (written) doc.written = written;
  return [doc, ...linkedDocs(doc, options, caches)];
}

/** The tables file a narrative names in its front matter (数据: tables.yaml), read by the host. */
function linkedDocs(doc: ReportDoc, options: CheckOptions, caches: EngineCaches): ReportDoc[] {
  const name = doc.meta.fields['数据']?.value;
  if (typeof name !== 'string' || !options.readFile || !options.path) return [];
  const path = resolvePath(options.path, name);
  let text: string | undefined;
  let refusal: LinkRefusal | undefined;
  try {
    text = options.readFile(path);
  } catch (e) {
    text = undefined;
    if (e instanceof LinkRefusal) refusal = e;
  }
  if (text === undefined) {
    doc.problems.push({
      message: refusal
        ? {
            'zh-CN': `不读取「数据」所指的文件 ${name}：${refusal.reason['zh-CN']}`,
            en: `the file named by 数据 is not read (${name}): ${refusal.reason.en}`,
          }
        : { 'zh-CN': `找不到「数据」所指的文件：${name}`, en: `the file named by 数据 is not found: ${name}` },
      span: doc.meta.fields['数据'].span,
    });
    return [];
  }
  const hit = caches.linked.get(path);
  if (hit && hit.text === text) return [hit.doc];
  const linked = readReport(text.length > MAX_TEXT ? '' : text, path);
  linked.path = path;
  caches.linked.set(path, { text, doc: linked });
  return [linked];
}

/** `name` relative to the directory of `from` (either separator). */
export function resolvePath(from: string, name: string): string {
  if (/^([a-zA-Z]:)?[\\/]/.test(name)) return name;
  const cut = Math.max(from.lastIndexOf('/'), from.lastIndexOf('\\'));
  return cut < 0 ? name : from.slice(0, cut + 1) + name;
}
