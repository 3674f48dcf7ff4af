/**
 * The text-hygiene rules on every corpus report (the plain-text exports, the samples' Markdown
 * and the imported PDFs): each finding they make is recorded here after a check by hand — real
 * (the report's own slip) unless marked otherwise. Any other finding of these rules is a false
 * alarm and fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { CORPUS, ROOT, brief, read, run } from './helpers';

const RULES = new Set([
  'paired-punctuation',
  'garbled-direction',
  'direction-contradiction',
  'toc-numbering',
  'field-code',
  'sangong-items',
  'percent-precision',
  'bare-number',
  'reason-contradiction',
  'stray-character',
  'traditional-character',
]);

const TEMPLATE_TOC = 'real: the template prints 「上海市 XX 局」 in its 目录';
const WANLI_REASON = 'real: 114.00 -> 110.60, 「比2023年预算执行数减少2.98%」, explained by 「…经费增加」';
const PLANNING_BRACKET = 'real: 「平均得分99.33分（其中，绩效评级为“优”的项目39个；…」 never closes its bracket';

/** file → [finding (rule severity line:col text), the check by hand] */
const RECORDS: Record<string, Array<[string, string]>> = {
  'changji-liaison-office-2024-final.txt': [],
  'shanghai-2024-final-accounts-template.txt': [
    ['field-code warning 7:10 XX', TEMPLATE_TOC],
    ['field-code warning 13:10 XX', TEMPLATE_TOC],
    ['field-code warning 33:10 XX', TEMPLATE_TOC],
  ],
  'shanghai-putuo-gov-office-2025-budget.txt': [],
  'shanghai-putuo-gov-office-2025-unit-budget.txt': [],
  'shanghai-putuo-planning-2024-final.txt': [['paired-punctuation warning 904:26 （', PLANNING_BRACKET]],
  'shanghai-putuo-social-work-2024-final.txt': [],
  'shanghai-putuo-wanli-2024-budget.txt': [['reason-contradiction warning 91:48 减少', WANLI_REASON]],
  'shanghai-putuo-wanli-2025-budget.txt': [],
  'samples/changji-2024/report.md': [],
  'samples/shanghai-putuo-social-work-2024/report.md': [],
  'pdf/shanghai-2024-final-accounts-template.pdf': [
    ['field-code warning 11:11 XX', TEMPLATE_TOC],
    ['field-code warning 14:11 XX', TEMPLATE_TOC],
    ['field-code warning 24:11 XX', TEMPLATE_TOC],
  ],
  'pdf/shanghai-putuo-gov-office-2025-budget.pdf': [],
  'pdf/shanghai-putuo-gov-office-2025-unit-budget.pdf': [],
  'pdf/shanghai-putuo-planning-2024-final.pdf': [['paired-punctuation warning 446:348 （', PLANNING_BRACKET]],
  'pdf/shanghai-putuo-social-work-2024-final.pdf': [],
  // the importer splits the paragraph at 「》的批复」: the pair is joined back across the split
  'pdf/shanghai-putuo-wanli-2024-budget.pdf': [['reason-contradiction warning 107:111 减少', WANLI_REASON]],
  'pdf/shanghai-putuo-wanli-2025-budget.pdf': [],
};

function found(text: string, path: string): string[] {
  return run(text, path)
    .findings.filter((f) => RULES.has(f.rule) && f.severity !== 'info')
    .map((f) => brief(text, f));
}

test('hygiene corpus: every corpus report and PDF is recorded', () => {
  const txt = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  const pdf = readdirSync(join(CORPUS, 'pdf'))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => `pdf/${f}`);
  for (const f of [...txt, ...pdf]) assert.ok(f in RECORDS, `${f} has no record`);
});

for (const [file, rec] of Object.entries(RECORDS)) {
  test(`hygiene corpus: ${file}`, async () => {
    let text: string;
    let path: string;
    if (file.startsWith('samples/')) {
      path = join(ROOT, file);
      text = read(path);
    } else if (file.endsWith('.pdf')) {
      const pdf = join(CORPUS, file);
      read(pdf);
      text = (await importPdf(new Uint8Array(readFileSync(pdf)))).markdown;
      path = pdf.replace(/\.pdf$/, '.md');
    } else {
      path = join(CORPUS, file);
      text = read(path);
    }
    assert.deepEqual(
      found(text, path),
      rec.map(([b]) => b),
    );
  });
}
