/**
 * Test helper: a Suanpan Markdown report written out as a Word document (.docx assembled from
 * its OOXML parts with fflate), headings as Heading styles, the title as Title, and every GFM
 * table as a real Word table whose combined header labels (「本年收入 / 财政拨款收入」) become
 * merged header cells (w:gridSpan across, w:vMerge down), as a finance bureau's template has them.
 */
import { strToU8, zipSync } from 'fflate';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function para(text: string, style?: string): string {
  const pPr = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${pPr}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

function cell(text: string, span = 1, vMerge?: 'restart' | 'continue'): string {
  const pr = [
    span > 1 ? `<w:gridSpan w:val="${span}"/>` : '',
    vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : '',
  ]
    .concat(vMerge === 'continue' ? ['<w:vMerge/>'] : [])
    .join('');
  return `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${para(text)}</w:tc>`;
}

/** Header rows from combined labels: parents spanned over their children, lone labels merged down. */
function headerRows(labels: string[]): string[] {
  const parts = labels.map((l) => l.split(/\s*\/\s*/));
  const depth = Math.max(...parts.map((p) => p.length));
  const rows: string[] = [];
  for (let d = 0; d < depth; d++) {
    let xml = '';
    for (let c = 0; c < parts.length;) {
      const p = parts[c];
      if (p.length <= d) {
        xml += cell('', 1, 'continue');
        c++;
        continue;
      }
      const leaf = d === p.length - 1;
      let span = 1;
      while (
        !leaf &&
        c + span < parts.length &&
        parts[c + span].slice(0, d + 1).join('/') === p.slice(0, d + 1).join('/')
      )
        span++;
      xml += cell(p[d], span, leaf && p.length < depth ? 'restart' : undefined);
      c += span;
    }
    rows.push(`<w:tr>${xml}</w:tr>`);
  }
  return rows;
}

function table(lines: string[]): string {
  const cells = (l: string) =>
    l
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  const header = cells(lines[0]);
  const body = lines.slice(2).map(
    (l) =>
      `<w:tr>${cells(l)
        .map((c) => cell(c))
        .join('')}</w:tr>`,
  );
  const grid = header.map(() => '<w:gridCol w:w="1200"/>').join('');
  return `<w:tbl><w:tblGrid>${grid}</w:tblGrid>${headerRows(header).join('')}${body.join('')}</w:tbl>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
${[1, 2, 3, 4]
  .map(
    (n) =>
      `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/>` +
      `<w:pPr><w:outlineLvl w:val="${n - 1}"/></w:pPr></w:style>`,
  )
  .join('\n')}
</w:styles>`;

/** The .docx bytes of a Markdown report (front matter and HTML comments left out). */
export function markdownToDocx(markdown: string): Uint8Array {
  const lines = markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n');
  const body: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('<!--')) {
      while (i < lines.length && !lines[i].includes('-->')) i++;
      continue;
    }
    if (!l.trim()) continue;
    const h = /^(#+)\s+(.*)$/.exec(l);
    if (h) body.push(para(h[2], h[1].length === 1 ? 'Title' : `Heading${h[1].length - 1}`));
    else if (l.startsWith('|')) {
      const t: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) t.push(lines[i++]);
      i--;
      body.push(table(t));
    } else body.push(para(l.replace(/^[-*]\s+/, '')));
  }
  const doc =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:body>${body.join('')}<w:sectPr/></w:body></w:document>`;
  const types =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ' +
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '<Override PartName="/word/styles.xml" ' +
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ' +
    'Target="word/document.xml"/></Relationships>';
  const docRels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" ' +
    'Target="styles.xml"/></Relationships>';
  return zipSync({
    '[Content_Types].xml': strToU8(types),
    '_rels/.rels': strToU8(rels),
    'word/document.xml': strToU8(doc),
    'word/styles.xml': strToU8(STYLES),
    'word/_rels/document.xml.rels': strToU8(docRels),
  });
}
