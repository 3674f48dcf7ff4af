// Prepares the workspace folder the in-editor tests (test/vscode/suite.ts) and the UI test
// expect: report.md with one injected error, other.md (the same, left unopened), notes.md,
// and the tables.yaml both link (front matter 数据: tables.yaml); social-work.pdf, the bundled
// published PDF, for the import command.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SEED = readFileSync(join(ROOT, 'samples', 'changji-2024', 'report.md'), 'utf8');
/** The tables file the seed links (front matter 数据: tables.yaml). */
export const SEED_TABLES = readFileSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), 'utf8');

/** The published PDF the import command is tried on. */
export const SAMPLE_PDF = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.pdf');

export function injected() {
  if (!SEED.includes('占72.08%')) throw new Error('the seed report no longer contains 占72.08%');
  return SEED.replace('占72.08%', '占75.08%');
}

export function prepareWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.md'), injected());
  writeFileSync(join(dir, 'other.md'), injected());
  writeFileSync(join(dir, 'tables.yaml'), SEED_TABLES);
  writeFileSync(join(dir, 'notes.md'), '# 会议记录\n\n- 讨论了 3 个议题，占 50%。\n');
  copyFileSync(SAMPLE_PDF, join(dir, 'social-work.pdf'));
  return dir;
}

/** 1-based line of the injected figure. */
export function injectedLine() {
  return (
    injected()
      .split('\n')
      .findIndex((l) => l.includes('占75.08%')) + 1
  );
}
