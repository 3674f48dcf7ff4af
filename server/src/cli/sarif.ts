/** SARIF 2.1.0 output for code-scanning tools. */
import { RULES, type Finding, type Lang } from '../engine';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function toSarif(results: Array<{ path: string; findings: Finding[]; pages?: number[] }>, lang: Lang) {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'suanpan',
            version: '0.1.0',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title[lang] },
              fullDescription: { text: r.doc[lang] },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.rule,
            level: LEVEL[f.severity],
            message: { text: f.message },
            // a PDF checked from its import: the page of the figure (the region is in the imported Markdown)
            ...(r.pages?.[f.range.start.line] ? { properties: { page: r.pages[f.range.start.line] } } : {}),
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.path.replace(/\\/g, '/') },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
              },
            ],
            relatedLocations: f.related.map((x, i) => ({
              id: i,
              message: { text: x.message },
              // a figure of another file (a partner report, a linked tables file) is located in it
              ...(x.page ? { properties: { page: x.page } } : {}),
              physicalLocation: {
                artifactLocation: { uri: (x.path ?? r.path).replace(/\\/g, '/') },
                region: {
                  startLine: x.range.start.line + 1,
                  startColumn: x.range.start.character + 1,
                  endLine: x.range.end.line + 1,
                  endColumn: x.range.end.character + 1,
                },
              },
            })),
            fixes: f.fixes
              .filter((x) => x.certain)
              .map((x) => ({
                description: { text: x.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri: r.path.replace(/\\/g, '/') },
                    replacements: x.edits.map((e) => ({
                      deletedRegion: {
                        startLine: e.range.start.line + 1,
                        startColumn: e.range.start.character + 1,
                        endLine: e.range.end.line + 1,
                        endColumn: e.range.end.character + 1,
                      },
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              })),
          })),
        ),
      },
    ],
  };
}
