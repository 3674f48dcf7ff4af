/**
 * A tiny PDF writer for the tests (no binary tools): objects numbered from 1, a cross-reference
 * table, the trailer. `longReport` makes a report of many pages, each with a heading, a
 * paragraph and a ruled table, for the bounds of the import (time, memory, progress).
 */

/** A PDF of the given objects (object 1 is the catalog), with `trailer` added to the trailer dictionary. */
export function pdfOf(objects: string[], trailer = ''): Uint8Array {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** One page's content: a numbered heading, a paragraph, a ruled table of amounts and the page number. */
function pageContent(n: number): string {
  const text: Array<[number, number, string]> = [
    [72, 780, `${n}. Section ${n}`],
    [72, 760, `Spending in section ${n} was ${n}.00 thousand, up 1.00 on last year.`],
    [72, 700, 'Item'],
    [250, 700, 'Last year'],
    [350, 700, 'This year'],
  ];
  const rows = 8;
  for (let r = 0; r < rows; r++) {
    const y = 684 - r * 16;
    text.push([72, y, `Line ${n}-${r + 1}`], [250, y, `${r + 1}.00`], [350, y, `${n + r}.50`]);
  }
  text.push([290, 30, `- ${n} -`]);
  const bottom = 696 - (rows + 1) * 16;
  const h = Array.from({ length: rows + 2 }, (_, i) => 712 - i * 16).map((y) => `60 ${y} m 420 ${y} l S`);
  const v = [60, 240, 340, 420].map((x) => `${x} ${bottom} m ${x} 712 l S`);
  const body = text.map(([x, y, t]) => `BT /F1 10 Tf ${x} ${y} Td (${t}) Tj ET`).join('\n');
  return `0.5 w\n${[...h, ...v].join('\n')}\n${body}`;
}

/** A PDF of `pages` pages (Helvetica, A4), each with its own content stream. */
export function longReport(pages: number): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: string[] = [];
  for (let n = 1; n <= pages; n++) {
    const stream = pageContent(n);
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> ` +
        `/Contents ${page + 1} 0 R >>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return pdfOf(objects);
}
