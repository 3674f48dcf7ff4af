/**
 * A 2-D DOMMatrix for pdf.js on Node. pdf.js builds one when its module loads and in a few worker
 * paths (Type 3 glyph masks); on Node it takes the class from the optional native package
 * @napi-rs/canvas, which the .vsix cannot ship (one binary per platform). Text extraction needs
 * only the 2-D affine part, given here: the six numbers a–f and the operations pdf.js calls.
 */
/** A 2-D affine matrix as pdf.js writes one: a b c d e f. */
export type Six = [number, number, number, number, number, number];

/** m × n (n applied first). */
export function mul(m: Six, n: Six): Six {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

type Init = ArrayLike<number> | { a: number; b: number; c: number; d: number; e: number; f: number };

function sixOf(init?: Init): Six {
  if (!init) return [1, 0, 0, 1, 0, 0];
  if ('a' in init) return [init.a, init.b, init.c, init.d, init.e, init.f];
  // a 4×4 matrix (16 numbers, column-major): its 2-D part
  if (init.length === 16) return [init[0], init[1], init[4], init[5], init[12], init[13]];
  if (init.length === 6) return [init[0], init[1], init[2], init[3], init[4], init[5]];
  throw new TypeError('DOMMatrix: 6 or 16 numbers expected');
}

export class DomMatrix2D {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;

  constructor(init?: Init) {
    [this.a, this.b, this.c, this.d, this.e, this.f] = sixOf(init);
  }

  get is2D(): boolean {
    return true;
  }

  get isIdentity(): boolean {
    return this.a === 1 && this.b === 0 && this.c === 0 && this.d === 1 && this.e === 0 && this.f === 0;
  }

  private six(): Six {
    return [this.a, this.b, this.c, this.d, this.e, this.f];
  }

  private set(m: Six): this {
    [this.a, this.b, this.c, this.d, this.e, this.f] = m;
    return this;
  }

  multiplySelf(other?: Init): this {
    return this.set(mul(this.six(), sixOf(other)));
  }

  preMultiplySelf(other?: Init): this {
    return this.set(mul(sixOf(other), this.six()));
  }

  translateSelf(tx = 0, ty = 0): this {
    return this.set(mul(this.six(), [1, 0, 0, 1, tx, ty]));
  }

  scaleSelf(sx = 1, sy = sx): this {
    return this.set(mul(this.six(), [sx, 0, 0, sy, 0, 0]));
  }

  invertSelf(): this {
    const [a, b, c, d, e, f] = this.six();
    const det = a * d - b * c;
    if (!det) return this.set([NaN, NaN, NaN, NaN, NaN, NaN]);
    return this.set([d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det]);
  }

  multiply(other?: Init): DomMatrix2D {
    return new DomMatrix2D(this).multiplySelf(other);
  }

  translate(tx?: number, ty?: number): DomMatrix2D {
    return new DomMatrix2D(this).translateSelf(tx, ty);
  }

  scale(sx?: number, sy?: number): DomMatrix2D {
    return new DomMatrix2D(this).scaleSelf(sx, sy);
  }

  inverse(): DomMatrix2D {
    return new DomMatrix2D(this).invertSelf();
  }

  transformPoint(p: { x?: number; y?: number } = {}): { x: number; y: number; z: number; w: number } {
    const x = p.x ?? 0;
    const y = p.y ?? 0;
    return { x: this.a * x + this.c * y + this.e, y: this.b * x + this.d * y + this.f, z: 0, w: 1 };
  }
}

/** Gives Node a DOMMatrix before pdf.js loads, unless it has one. */
export function ensureDomMatrix(): void {
  const g = globalThis as { DOMMatrix?: unknown };
  if (typeof g.DOMMatrix === 'undefined') g.DOMMatrix = DomMatrix2D;
}
