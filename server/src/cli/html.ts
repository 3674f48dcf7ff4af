/**
 * `suanpan check --format html`: one standalone page (no external resources, every text escaped)
 * with a section per report: its findings and its relations view (every relation checked, by
 * section and table, ✓ / 尾差 / ✗), and a checkbox that shows the failing relations only (CSS,
 * no script). For reviewers who do not use VS Code.
 */
import type { Finding, Lang, RelationGroup, RelationItem, RelationsView } from '../engine';

export interface HtmlReport {
  path: string;
  findings: Finding[];
  relations: RelationsView;
  /** For an imported PDF: the page of each line of the imported Markdown. */
  pages?: number[];
}

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;line-height:1.45}
h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}td,th{border:1px solid #ddd;padding:.25em .5em;
vertical-align:top;text-align:left;font-size:.92em}th{background:#f4f4f4}
.counts span{display:inline-block;margin-right:1em}.mark{white-space:nowrap;font-weight:bold;text-align:center}
.st-holds .mark{color:#1a7f37}.st-rounding .mark{color:#9a6700}.st-fails .mark{color:#cf222e}
.st-undetermined .mark{color:#777}tr.st-fails{background:#fff5f5}code{font-family:ui-monospace,Consolas,monospace;
font-size:.95em}.sev-error{color:#cf222e}.sev-warning{color:#9a6700}.sev-info{color:#0969da}
details{margin:.3em 0}summary{cursor:pointer;font-weight:600}.note{color:#666;font-size:.9em}
.fig{white-space:nowrap}.filter{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #eee}
#only-failing:checked ~ main tr.rel:not(.st-fails),#only-failing:checked ~ main details:not(.has-fails){display:none}
`;

export function toHtml(reports: HtmlReport[], lang: Lang): string {
  const title = T(lang, '算盘 检查报告', 'Suanpan check report');
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<input type="checkbox" id="only-failing"> <label for="only-failing" class="filter">` +
      `${esc(T(lang, '只看不成立的关系', 'Show failing relations only'))}</label>`,
    '<main>',
    ...reports.map((r, i) => reportHtml(r, i, lang)),
    '</main></body></html>',
  ].join('\n');
}

function countsHtml(v: RelationsView, lang: Lang): string {
  const c = v.counts;
  const item = (cls: string, text: string, n: number) => `<span class="${cls}" data-count="${n}">${esc(text)}</span>`;
  return (
    `<p class="counts">` +
    item('checked', T(lang, `核对关系 ${c.checked} 处`, `${c.checked} relations checked`), c.checked) +
    item('holding', T(lang, `✓ 成立 ${c.holding}`, `✓ ${c.holding} hold`), c.holding) +
    item('rounding', T(lang, `尾差 ${c.rounding}`, `尾差 ${c.rounding} within rounding`), c.rounding) +
    item('failing', T(lang, `✗ 不成立 ${c.failing}`, `✗ ${c.failing} fail`), c.failing) +
    (c.undetermined
      ? item(
          'undetermined',
          T(lang, `— 无法判断 ${c.undetermined}`, `— ${c.undetermined} undetermined`),
          c.undetermined,
        )
      : '') +
    `</p>`
  );
}

function reportHtml(r: HtmlReport, i: number, lang: Lang): string {
  const c = r.relations.counts;
  const attrs =
    `data-checked="${c.checked}" data-holding="${c.holding}" data-rounding="${c.rounding}" ` +
    `data-failing="${c.failing}" data-undetermined="${c.undetermined}" data-findings="${r.findings.length}"`;
  return [
    `<section class="report" id="report-${i + 1}" ${attrs}>`,
    `<h2>${esc(r.path)}</h2>`,
    countsHtml(r.relations, lang),
    findingsHtml(r, lang),
    `<h3>${esc(T(lang, '核对的关系', 'Relations checked'))}</h3>`,
    ...r.relations.groups.map((g) => groupHtml(g, lang)),
    '</section>',
  ].join('\n');
}

function findingsHtml(r: HtmlReport, lang: Lang): string {
  const head = `<h3>${esc(T(lang, `问题 ${r.findings.length} 个`, `${r.findings.length} findings`))}</h3>`;
  if (!r.findings.length) return `${head}<p>${esc(T(lang, '未发现问题。', 'No findings.'))}</p>`;
  const rows = r.findings.map((f) => {
    const page = !f.path ? r.pages?.[f.range.start.line] : undefined;
    const where = page
      ? `p${page}`
      : `${f.path ? `${f.path.split(/[\\/]/).pop()}:` : ''}${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const more = [
      f.expected ? `${T(lang, '应为', 'expected')} <b>${esc(f.expected)}</b>` : '',
      f.formula ? `<code>${esc(f.formula)}</code>` : '',
    ].filter(Boolean);
    return (
      `<tr class="finding sev-${f.severity}"><td>${esc(where)}</td><td class="sev-${f.severity}">` +
      `${esc(f.severity)}</td><td>${esc(f.rule)}</td><td>${esc(f.message)}` +
      `${more.length ? `<br>${more.join(' · ')}` : ''}</td></tr>`
    );
  });
  const th = [
    T(lang, '位置', 'Where'),
    T(lang, '级别', 'Severity'),
    T(lang, '规则', 'Rule'),
    T(lang, '说明', 'Message'),
  ];
  const header = th.map((x) => `<th>${esc(x)}</th>`).join('');
  return `${head}<table class="findings"><tr>${header}</tr>${rows.join('')}</table>`;
}

function groupHtml(g: RelationGroup, lang: Lang): string {
  const c = g.counts;
  const name = g.table ? `${g.section} · ${g.table}` : g.section;
  const tally = T(
    lang,
    `${c.checked} 处：✓ ${c.holding}，尾差 ${c.rounding}，✗ ${c.failing}`,
    `${c.checked}: ✓ ${c.holding}, 尾差 ${c.rounding}, ✗ ${c.failing}`,
  );
  const th = [
    '',
    T(lang, '关系', 'Relation'),
    T(lang, '算式', 'Formula'),
    T(lang, '重算', 'Recomputed'),
    T(lang, '数字', 'Figures'),
  ];
  return (
    `<details open class="group${c.failing ? ' has-fails' : ''}"><summary>${esc(name)} ` +
    `<span class="note">（${esc(tally)}）</span></summary><table class="relations"><tr>` +
    `${th.map((x) => `<th>${esc(x)}</th>`).join('')}</tr>${g.relations.map(relationHtml).join('')}</table></details>`
  );
}

function relationHtml(r: RelationItem): string {
  const figs = r.figures
    .map((f) => {
      const at = `${f.path ? `${f.path.split(/[\\/]/).pop()}:` : ''}${f.range.start.line + 1}`;
      return `<span class="fig${f.target ? ' target' : ''}" title="${esc(f.label)}">${esc(f.text)} (${esc(at)})</span>`;
    })
    .join('<br>');
  return (
    `<tr class="rel st-${r.status}" data-kind="${esc(r.kind)}"><td class="mark">${esc(r.mark)}</td>` +
    `<td>${esc(r.title)}${r.note ? `<br><span class="note">${esc(r.note)}</span>` : ''}</td>` +
    `<td><code>${esc(r.formula)}</code>${r.interval ? `<br><span class="note">${esc(r.interval)}</span>` : ''}</td>` +
    `<td>${esc(r.recomputed ?? '')}</td><td>${figs}</td></tr>`
  );
}
