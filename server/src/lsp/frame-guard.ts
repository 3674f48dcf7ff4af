/**
 * A guard in front of the stdio transport: LSP frames (`Content-Length: N` headers, then N
 * bytes of JSON) pass through unchanged; a broken frame (a header without a usable
 * Content-Length, a body that is not JSON, a length running past the next frame) is logged and
 * skipped, and reading resumes at the next `Content-Length:` header. Without it one bad frame
 * leaves the JSON-RPC reader out of step for good, and the server goes silent.
 */
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length:');
/** How long a frame may stay incomplete before the guard looks for a frame header inside it. */
export const STALL_MS = 1000;

export class FrameGuard extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  private stall?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly log: (msg: string) => void,
    private readonly stallMs = STALL_MS,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.drain();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.stall) clearTimeout(this.stall);
    done();
  }

  /** Passes on every complete frame in the buffer; skips broken ones. */
  private drain(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = undefined;
    for (;;) {
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) return;
      const length = contentLength(this.buf.subarray(0, end).toString('ascii'));
      if (length === undefined) {
        this.skip(end + HEADER_END.length, `a frame header without a valid Content-Length`);
        continue;
      }
      const total = end + HEADER_END.length + length;
      if (this.buf.length < total) {
        this.stall = setTimeout(() => this.stalled(end + HEADER_END.length), this.stallMs);
        return;
      }
      const body = this.buf.subarray(end + HEADER_END.length, total);
      if (isJson(body)) this.push(Buffer.from(this.buf.subarray(0, total)));
      else this.log(`skipped a message frame whose body is not JSON (${length} bytes)`);
      this.buf = this.buf.subarray(total);
    }
  }

  /** A frame still incomplete after a while: when a frame header follows inside it, its length was wrong. */
  private stalled(bodyStart: number): void {
    this.stall = undefined;
    const next = this.buf.indexOf(CONTENT_LENGTH, bodyStart);
    if (next < 0) return;
    this.log('skipped a message frame whose Content-Length runs past the next frame');
    this.buf = this.buf.subarray(next);
    this.drain();
  }

  /** Drops the broken start of the buffer: up to the next frame header, else past the broken header (`end`). */
  private skip(end: number, why: string): void {
    this.log(`skipped ${why}`);
    const next = this.buf.indexOf(CONTENT_LENGTH, 1);
    this.buf = this.buf.subarray(next < 0 ? end : next);
  }
}

/** The Content-Length of a header block, or undefined when it has none (or not a number). */
function contentLength(header: string): number | undefined {
  for (const line of header.split('\r\n')) {
    const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
