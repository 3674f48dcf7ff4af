// Keeps the editor manifest in step with the engine's rule registry (run after `npm run build`):
//   - package.json  contributes.configuration "suanpan.rules": one property per rule id
//   - package.nls.json / package.nls.zh-cn.json  config.rules.<id>: the rule's title and doc
//   - schemas/suanpan-config.schema.json  the .suanpan.yaml schema: rule ids and aliases
//   - schemas/tables.schema.json  the schema of a tables file (数据:), made from report.schema.json:
//     the same keys, none required (a tables file may hold only 表, docs/format.md)
// `node scripts/gen-editor-manifest.mjs --check` only reports whether they are in step.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(join(root, 'out', 'server', 'src', 'engine'));
const checkOnly = process.argv.includes('--check');

const SEVERITIES = ['error', 'warning', 'info', 'off'];
const sevEnum = { type: 'string', enum: SEVERITIES, enumDescriptions: SEVERITIES.map((s) => `%config.severity.${s}%`) };

export function manifestRules() {
  const properties = {};
  for (const r of RULES) properties[r.id] = { ...sevEnum, markdownDescription: `%config.rules.${r.id}%` };
  return properties;
}

function nls(lang) {
  const out = {};
  for (const r of RULES) {
    out[`config.rules.${r.id}`] =
      lang === 'en'
        ? `**${r.title.en}** (default \`${r.severity}\`). ${r.doc.en}`
        : `**${r.title['zh-CN']}**（默认 \`${r.severity}\`）。${r.doc['zh-CN']}`;
  }
  return out;
}

function schema() {
  const rules = {};
  for (const r of RULES) {
    rules[r.id] = {
      $ref: '#/definitions/severity',
      description: `${r.title['zh-CN']} / ${r.title.en} (default: ${r.severity})\n\n${r.doc['zh-CN']}\n\n${r.doc.en}`,
    };
    for (const a of r.aliases) rules[a] = { $ref: '#/definitions/severity', description: `Alias of ${r.id}.` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/suanpan/suanpan/blob/main/schemas/suanpan-config.schema.json',
    title: 'Suanpan project settings (.suanpan.yaml)',
    description:
      '算盘项目设置：团队共享的规则级别。离被检查文件最近的一个 .suanpan.yaml 生效，对其中设定的项优先于编辑器设置。\n' +
      'Suanpan project settings shared by a team: the nearest .suanpan.yaml up the folder tree applies, ' +
      'and what it sets wins over the editor settings.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        description: '各规则的级别 / Severity per rule: error, warning, info or off.',
        type: 'object',
        additionalProperties: false,
        properties: rules,
      },
      roundingDifferences: {
        description:
          '舍入区间内的尾差：info 显示为提示，hide 隐藏。 / Rounding differences within the intervals: info shows them, hide hides them.',
        enum: ['info', 'hide'],
      },
      profiles: {
        description:
          '工作区的布局模板文件（路径相对于本 .suanpan.yaml；格式见 docs/profiles.md）。前言「模板」可按 id 指定；与内置模板同 id 者取代之。 / ' +
          'Layout profile files of the workspace (paths relative to this .suanpan.yaml; format: docs/profiles.md). ' +
          'A report names one by id in its 模板; one with the id of a built-in profile replaces it.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
      sets: {
        description:
          '明确指定相互核对的报告组（每组为报告文件路径的列表，相对于本 .suanpan.yaml）：组内报告只与组内报告核对，' +
          '不要求单位名称一致（上下年度、预算与决算、部门与所属单位按类型与年度配对）。 / ' +
          'Sets of reports checked against each other, named explicitly ' +
          '(each a list of report paths relative to this .suanpan.yaml): a report in a set is checked ' +
          'against the others of its set only, whatever their 单位 names ' +
          '(year to year, budget and 决算, a department and its units are paired by type and year).',
        type: 'array',
        items: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, uniqueItems: true },
      },
    },
    definitions: { severity: { enum: [...SEVERITIES, false], description: 'error | warning | info | off' } },
  };
}

const stale = [];
function update(file, next) {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = JSON.stringify(next, null, 2) + '\n';
  if (before === after) return;
  stale.push(file);
  if (!checkOnly) writeFileSync(path, after);
}

function tablesSchema() {
  const { required: _r, ...report } = JSON.parse(readFileSync(join(root, 'schemas', 'report.schema.json'), 'utf8'));
  return {
    ...report,
    $id: report.$id.replace('report.schema.json', 'tables.schema.json'),
    title: 'Suanpan tables file (the 数据: of a report) in YAML',
    description:
      'The tables of a report, in the YAML file its front matter names with 数据: (any key of a YAML report, ' +
      'none required). See docs/format.md.',
  };
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
pkg.contributes.configuration.properties['suanpan.rules'].properties = manifestRules();
update('package.json', pkg);
for (const [file, lang] of [
  ['package.nls.json', 'en'],
  ['package.nls.zh-cn.json', 'zh-CN'],
]) {
  const cur = JSON.parse(readFileSync(join(root, file), 'utf8'));
  const kept = Object.fromEntries(Object.entries(cur).filter(([k]) => !k.startsWith('config.rules.')));
  update(file, { ...kept, ...nls(lang) });
}
update('schemas/suanpan-config.schema.json', schema());
update('schemas/tables.schema.json', tablesSchema());

if (checkOnly && stale.length) {
  console.error(
    `out of step with the rule registry: ${stale.join(', ')} — ` +
      `run: npm run build && node scripts/gen-editor-manifest.mjs`,
  );
  process.exit(1);
}
if (!checkOnly)
  console.log(stale.length ? `gen-editor-manifest: updated ${stale.join(', ')}` : 'gen-editor-manifest: up to date');
