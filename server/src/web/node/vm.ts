/** `node:vm` for the web build: no new contexts (IdleGc then does nothing). */
export function runInNewContext(): never {
  throw new Error('no vm contexts in the web extension host');
}
