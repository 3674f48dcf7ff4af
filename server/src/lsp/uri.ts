/** File URIs ↔ paths. */
import { fileURLToPath } from 'node:url';

/** The path of a `file:` URI, or undefined (an untitled document, another scheme). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
