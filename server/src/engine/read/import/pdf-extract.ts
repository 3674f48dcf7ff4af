/**
 * PDF import, step 1: the glyph runs and the ruling lines of each page, through Mozilla's pdf.js.
 * pdf.js is an ES module (and needs its worker module beside it), so it is loaded at run time with
 * a dynamic import the TypeScript compiler and the bundler leave alone; the CLI bundle keeps it
 * external (scripts/bundle.mjs). Coordinates are PDF user space: y grows upwards.
 */
import { ensureDomMatrix, mul, type Six } from './dom-matrix';

/** A run of text as pdf.js reports it: baseline origin, advance width, font size. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

/** A horizontal or vertical ruling line (table border). */
export interface Segment {
  /** 'h': y fixed, from x1 to x2; 'v': x fixed, from y1 to y2. */
  dir: 'h' | 'v';
  at: number;
  from: number;
  to: number;
}

export interface PageContent {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
  segments: Segment[];
}

/** Why a PDF cannot be imported. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly kind: 'encrypted' | 'scanned' | 'damaged' | 'unsupported',
  ) {
    super(message);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type PdfJs = any;

let loaded: Promise<PdfJs> | undefined;
// an import() that tsc (module: commonjs) does not turn into require(): pdf.js is ESM only. A host
// that runs this code from V8's code cache (the CLI: cli/launch.ts) gives its own: code loaded from
// the cache has no module loader of its own for import()
const dynamicImport = ((globalThis as Record<symbol, unknown>)[Symbol.for('suanpan.import')] ??
  new Function('s', 'return import(s)')) as (s: string) => Promise<PdfJs>;

/**
 * Where pdf.js is looked for, in order: beside the bundle (dist/pdfjs/, copied there by
 * scripts/bundle.mjs, which is what the .vsix ships: it has no node_modules), then the package.
 * A relative specifier resolves from the running script (dist/server.js, dist/cli.js).
 */
export const PDFJS_LOCATIONS = ['./pdfjs/pdf.mjs', 'pdfjs-dist/legacy/build/pdf.mjs'];

// what pdf.js says when it loads on Node without the optional native canvas package (not needed
// to read text: dom-matrix.ts gives it the one class it needs)
const LOAD_NOISE = /^Warning: Cannot (load "@napi-rs\/canvas"|polyfill `(ImageData|Path2D)`)/;

async function firstLoadable(): Promise<PdfJs> {
  ensureDomMatrix();
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === 'string' && LOAD_NOISE.test(args[0]))) warn(...args);
  };
  let last: unknown;
  try {
    for (const at of PDFJS_LOCATIONS) {
      try {
        return await dynamicImport(at);
      } catch (e) {
        if ((e as { code?: string })?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
        last = e;
      }
    }
  } finally {
    console.warn = warn;
  }
  throw last;
}

/** The pdf.js module (legacy build: it runs on Node without browser globals). */
export function loadPdfJs(): Promise<PdfJs> {
  loaded ??= firstLoadable().catch((e) => {
    loaded = undefined;
    throw new ImportError(`PDF 读取组件 pdf.js 未找到 (pdf.js not found: ${(e as Error)?.message})`, 'unsupported');
  });
  return loaded;
}

type Matrix = Six;

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Sub-paths of a pdf.js 5 path buffer (moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4). */
function subpaths(data: ArrayLike<number>, m: Matrix): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  let cur: Array<[number, number]> = [];
  for (let i = 0; i < data.length;) {
    const op = data[i];
    if (op === 0 || op === 1) {
      if (op === 0 && cur.length) {
        out.push(cur);
        cur = [];
      }
      cur.push(apply(m, data[i + 1], data[i + 2]));
      i += 3;
    } else if (op === 2) {
      cur.push(apply(m, data[i + 5], data[i + 6]));
      i += 7;
    } else if (op === 3) {
      cur.push(apply(m, data[i + 3], data[i + 4]));
      i += 5;
    } else {
      if (cur.length) cur.push(cur[0]);
      i += 1;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

const THIN = 2.5;

/** Ruling lines of a path: stroked horizontal/vertical pieces, and filled rectangles thin enough to be lines. */
function segmentsOf(paths: Array<Array<[number, number]>>, fill: boolean, out: Segment[]): void {
  for (const p of paths) {
    if (fill) {
      const xs = p.map((q) => q[0]);
      const ys = p.map((q) => q[1]);
      const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      if (y2 - y1 < THIN && x2 - x1 > y2 - y1) out.push({ dir: 'h', at: (y1 + y2) / 2, from: x1, to: x2 });
      else if (x2 - x1 < THIN && y2 - y1 > x2 - x1) out.push({ dir: 'v', at: (x1 + x2) / 2, from: y1, to: y2 });
      continue;
    }
    for (let i = 1; i < p.length; i++) {
      const [a, b] = [p[i - 1], p[i]];
      if (Math.abs(a[1] - b[1]) < 0.5 && Math.abs(a[0] - b[0]) > 1)
        out.push({ dir: 'h', at: a[1], from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
      else if (Math.abs(a[0] - b[0]) < 0.5 && Math.abs(a[1] - b[1]) > 1)
        out.push({ dir: 'v', at: a[0], from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
    }
  }
}

/** The ruling lines of a page, from its operator list (the graphics state's matrix tracked). */
function rulings(ops: PdfJs, opList: { fnArray: number[]; argsArray: any[] }): Segment[] {
  const out: Segment[] = [];
  let m: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const fills = new Set([ops.fill, ops.eoFill, ops.fillStroke, ops.eoFillStroke]);
  const strokes = new Set([ops.stroke, ops.closeStroke, ops.fillStroke, ops.eoFillStroke]);
  for (let i = 0; i < opList.fnArray.length; i++) {
    const fn = opList.fnArray[i];
    const args = opList.argsArray[i];
    if (fn === ops.save) stack.push(m);
    else if (fn === ops.restore) m = stack.pop() ?? m;
    else if (fn === ops.transform) m = mul(m, args as Matrix);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push(m);
      if (Array.isArray(args?.[0]) && args[0].length === 6) m = mul(m, args[0] as Matrix);
    } else if (fn === ops.paintFormXObjectEnd) m = stack.pop() ?? m;
    else if (fn === ops.constructPath) {
      const [paintOp, buffers] = args as [number, Array<ArrayLike<number> | null>];
      const isFill = fills.has(paintOp);
      const isStroke = strokes.has(paintOp);
      if (!isFill && !isStroke) continue;
      for (const b of buffers ?? []) if (b) segmentsOf(subpaths(b, m), isFill && !isStroke, out);
    }
  }
  return out;
}

async function openDocument(pdfjs: PdfJs, bytes: Uint8Array): Promise<PdfJs> {
  const task = pdfjs.getDocument({
    data: bytes.slice(), // pdf.js takes ownership of the buffer
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'PasswordException')
      throw new ImportError('PDF 已加密，无法读取 (encrypted PDF: cannot be read without its password)', 'encrypted');
    throw new ImportError(`PDF 文件已损坏或无法识别 (damaged or unrecognised PDF: ${(e as Error).message})`, 'damaged');
  }
}

export interface ExtractOptions {
  /** Called after each page (a progress line). */
  onPage?: (page: number, of: number) => void;
  /** At most this many pages (default 400); a longer file is read that far, with a warning. */
  maxPages?: number;
  /** Told about what could not be read. */
  onWarning?: (message: string) => void;
}

/** The text runs and ruling lines of every page. Throws ImportError for encrypted or damaged files. */
export async function extractPages(bytes: Uint8Array, options: ExtractOptions = {}): Promise<PageContent[]> {
  const pdfjs = await loadPdfJs();
  const doc = await openDocument(pdfjs, bytes);
  const pages: PageContent[] = [];
  try {
    const n = Math.min(doc.numPages, options.maxPages ?? 400);
    if (n < doc.numPages)
      options.onWarning?.(
        `只读取了前 ${n} 页，共 ${doc.numPages} 页 (only the first ${n} of ${doc.numPages} pages read)`,
      );
    for (let p = 1; p <= n; p++) {
      const page = await doc.getPage(p);
      const [x0, y0, x1, y1] = page.view as number[];
      const tc = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const it of tc.items as Array<{ str?: string; transform: number[]; width: number }>) {
        if (typeof it.str !== 'string' || !it.str.trim()) continue;
        const t = it.transform;
        runs.push({ str: it.str, x: t[4] - x0, y: t[5] - y0, w: it.width, size: Math.hypot(t[2], t[3]) || 10 });
      }
      const segments = rulings(pdfjs.OPS, await page.getOperatorList()).map((s) =>
        s.dir === 'h'
          ? { ...s, at: s.at - y0, from: s.from - x0, to: s.to - x0 }
          : { ...s, at: s.at - x0, from: s.from - y0, to: s.to - y0 },
      );
      pages.push({ number: p, width: x1 - x0, height: y1 - y0, runs, segments });
      page.cleanup();
      options.onPage?.(p, n);
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** The plain text pdf.js gives for a document (its own extraction: the test's reference and the bench floor). */
export async function rawText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await loadPdfJs();
  const doc = await openDocument(pdfjs, bytes);
  const out: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const tc = await (await doc.getPage(p)).getTextContent();
      out.push(
        (tc.items as Array<{ str?: string; hasEOL?: boolean }>)
          .map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : ''))
          .join(''),
      );
    }
  } finally {
    await doc.destroy();
  }
  return out;
}
