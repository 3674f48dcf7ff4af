/** Shared fixtures for the LSP tests: the seed report, with and without injected errors. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SEED_PATH = resolve(ROOT, 'samples', 'changji-2024', 'report.md');
export const SEED = readFileSync(SEED_PATH, 'utf8');
/** The tables file the seed links (front matter 数据: tables.yaml). */
export const SEED_TABLES = readFileSync(resolve(ROOT, 'samples', 'changji-2024', 'tables.yaml'), 'utf8');

/** Writes the tables file a report in `dir` links, so that the seed checks as it does in samples/. */
export function writeTables(dir: string): void {
  writeFileSync(join(dir, 'tables.yaml'), SEED_TABLES);
}

/** Check options that read the seed's tables file from memory (for in-process tests). */
export const WITH_TABLES = { readFile: (p: string) => (p.endsWith('tables.yaml') ? SEED_TABLES : undefined) };

/** The seed with 占72.08% changed to 占75.08%: one `share` error, fixable back to 72.08. */
export function injected(text = SEED): string {
  if (!text.includes('占72.08%')) throw new Error('the seed no longer contains 占72.08%');
  return text.replace('占72.08%', '占75.08%');
}

/** Where the injected figure is: 0-based line and UTF-16 character of "75.08". */
export function injectedPosition(text: string): { line: number; character: number; offset: number } {
  const offset = text.indexOf('占75.08%') + 1;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1), offset };
}

export const NOT_A_REPORT = '# 购物清单\n\n- 苹果 3 个，占 50%\n- 梨 2 个\n\n合计 5 个，增长 10%。\n';

/** Inputs that must never crash the server. */
export const GARBAGE: string[] = [
  '',
  '\u0000\u0001\u0002\uFFFF\uD800 broken surrogate \uDC00',
  '---\n类型: [unclosed\n---\n# 2024年度部门决算公开说明\n合计 1,2,3.4.5万元，占%%%。',
  '# 2024年度部门决算公开说明\n\n' + '|'.repeat(5000) + '\n' + '1'.repeat(20000) + '万元\n',
  '# 决算公开说明\n\n本年收入-0.00万元，其中：A 1e309万元，占NaN%；B Infinity万元，占 -0%。\n'.repeat(50),
  '\r\n\r\r\n# 预算公开说明\r\n\r\n| 项目 | 金额 |\r\n|---|\r\n| 合计 | 1 |\r\n| | | | |\r\n',
  Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0xffff)).join(''),
];

/**
 * A team's layout profile (the seed's, under another id, with one more required section in
 * 单位概况): the seed naming it in 模板 misses exactly that section.
 */
export const TEAM_PROFILE_ID = 'team-final';
export const TEAM_SECTION = '团队专项工作情况';
export const TEAM_PROFILE = (() => {
  const src = readFileSync(resolve(ROOT, 'server', 'data', 'profiles', 'xinjiang-2024-final.yaml'), 'utf8');
  const anchor = '  - id: explanation\n';
  if (!src.includes('id: xinjiang-2024-final\n') || !src.includes(anchor))
    throw new Error('the xinjiang profile changed shape');
  return src
    .replace('id: xinjiang-2024-final\n', `id: ${TEAM_PROFILE_ID}\n`)
    .replace(
      anchor,
      `      - id: team-extra\n        title: ${TEAM_SECTION}\n        skeleton: 本单位本年度团队专项工作情况如下。\n${anchor}`,
    );
})();

/** The seed naming the team's profile in its front matter. */
export const SEED_TEAM = SEED.replace('模板: xinjiang-2024-final\n', `模板: ${TEAM_PROFILE_ID}\n`);
