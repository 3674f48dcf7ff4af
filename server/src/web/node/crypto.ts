/** `node:crypto` for the web build: random bytes from the Web Crypto API. */
export function randomBytes(n: number): Uint8Array & { toString(enc?: string): string } {
  const b = crypto.getRandomValues(new Uint8Array(n));
  return Object.assign(b, {
    toString: () => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''),
  });
}
