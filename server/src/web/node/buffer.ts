/**
 * The global `Buffer` for the web build (esbuild `inject`) and `node:buffer`: the few calls the language server's
 * host code makes (host/files.ts builds its BOM when loaded; its reads never run without a disk).
 */
class Bytes extends Uint8Array {
  override toString(encoding = 'utf8'): string {
    if (encoding !== 'utf8' && encoding !== 'utf-8') throw new Error(`no ${encoding} in the web build`);
    return new TextDecoder().decode(this);
  }
}

function bytes(n: number): Bytes {
  return new Bytes(n);
}

export const Buffer = {
  from(data: ArrayLike<number> | string, encoding?: string): Bytes {
    if (typeof data === 'string') {
      if (encoding && encoding !== 'utf8' && encoding !== 'utf-8') throw new Error(`no ${encoding} in the web build`);
      data = new TextEncoder().encode(data);
    }
    const b = bytes(data.length);
    b.set(data);
    return b;
  },
  alloc: bytes,
  allocUnsafe: bytes,
  concat(parts: Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Bytes {
    const b = bytes(total);
    let at = 0;
    for (const p of parts) {
      b.set(p.subarray(0, Math.max(0, total - at)), at);
      at += p.length;
    }
    return b;
  },
  isBuffer: (x: unknown): x is Bytes => x instanceof Bytes,
};

/** `node:buffer`'s isUtf8 (host/files.ts): whether the bytes are well-formed UTF-8. */
export function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
