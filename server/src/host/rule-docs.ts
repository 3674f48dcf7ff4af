/**
 * Where a diagnostic's rule page is: the public site when one is configured
 * (initializationOptions.ruleDocsBase), else the page bundled with the extension
 * (docs/rules/<id>.md beside dist/, opened inside the editor), else the repository's page.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule pages in the repository (what links point to when no bundled copy is found). */
export const REPOSITORY_RULE_DOCS = 'https://github.com/suanpan/suanpan/blob/main/docs/rules/';

/** The folder of the bundled rule pages: docs/rules next to the server's folder (dist/, or a few levels up). */
export function bundledRuleDocsDir(from = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(join(candidate, 'sum.md'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The link of each rule's page. */
export function ruleDocLinks(publicBase?: string, bundled = bundledRuleDocsDir()): (rule: string) => string {
  if (publicBase) {
    const base = publicBase.endsWith('/') ? publicBase : `${publicBase}/`;
    return (rule) => `${base}${encodeURIComponent(rule)}.md`;
  }
  if (bundled)
    return (rule) => {
      const page = join(bundled, `${rule}.md`);
      return existsSync(page) ? pathToFileURL(page).href : `${REPOSITORY_RULE_DOCS}${encodeURIComponent(rule)}.md`;
    };
  return (rule) => `${REPOSITORY_RULE_DOCS}${encodeURIComponent(rule)}.md`;
}
