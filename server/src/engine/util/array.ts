/**
 * `into.push(...items)` without the spread: a spread passes every item as an argument, and past about
 * 100,000 of them (the figures of a 1 MB paragraph) it overflows the stack.
 */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const x of items) into.push(x);
  return into;
}
