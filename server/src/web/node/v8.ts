/** `node:v8` for the web build: flags cannot be set (IdleGc then does nothing). */
export function setFlagsFromString(): void {
  throw new Error('no V8 flags in the web extension host');
}
