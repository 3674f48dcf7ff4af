/** The per-rule documentation pages (docs/rules/<id>.md), rendered from rule metadata. */
import type { RuleMeta } from './rule';

export const DOCS_BASE = 'https://github.com/suanpan/suanpan/blob/main/docs/rules/';

export function ruleDoc(r: RuleMeta): string {
  return [
    `# \`${r.id}\` — ${r.title['zh-CN']}`,
    '',
    `*${r.title.en}*`,
    '',
    `- Default severity: \`${r.severity}\``,
    `- Aliases: ${r.aliases.map((a) => `\`${a}\``).join(', ')}`,
    `- Tags: ${r.tags.join(', ')}`,
    '',
    '## 说明',
    '',
    r.doc['zh-CN'],
    '',
    '## Description',
    '',
    r.doc.en,
    '',
    '## 关闭 / Silencing',
    '',
    '```markdown',
    `<!-- suanpan-disable-next-line ${r.id} -->`,
    `<!-- suanpan-disable ${r.id} --> … <!-- suanpan-enable ${r.id} -->`,
    `<!-- suanpan-disable-file ${r.id} -->`,
    '```',
    '',
    `Or in \`.suanpan.yaml\`: \`rules: { ${r.id}: off }\` (or \`error\` / \`warning\` / \`info\`).`,
    '',
  ].join('\n');
}

export function rulesIndex(rules: RuleMeta[]): string {
  return [
    '# Rules',
    '',
    '| id | default | 规则 | rule |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.severity} | ${r.title['zh-CN']} | ${r.title.en} |`),
    '',
  ].join('\n');
}
