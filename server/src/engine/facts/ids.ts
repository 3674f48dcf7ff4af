/**
 * Fact ids: unique within a process, so facts of a report and of its linked tables file never
 * collide. A counter, not per-document state: nothing is remembered about any document.
 */
let nextId = 1;

export function nextFactId(): number {
  return nextId++;
}
