/**
 * Which Suanpan schema a YAML file gets from the Red Hat YAML extension (registered by
 * yaml-schemas.ts): the report schema for a YAML file the server treats as a report (front matter
 * 类型, or named by `suanpan.files`), the tables schema for a file an open report links (its `数据:`),
 * none for any other YAML file, whatever its name. Fed by the server's status notifications
 * (StatusParams: isReport, linked); a report closed takes its links with it. No vscode import: the
 * decision is tested on its own (test/report-schemas.test.ts).
 */

export type SchemaKind = 'report' | 'tables';

/** The scheme of the schema URIs this client serves to the YAML extension (its contributor's name). */
export const SCHEMA_SCHEME = 'suanpan';

const KINDS: readonly SchemaKind[] = ['report', 'tables'];

/** The schema's URI as the YAML extension asks for it: suanpan://schemas/report.schema.json. */
export function schemaUri(kind: SchemaKind): string {
  return `${SCHEMA_SCHEME}://schemas/${kind}.schema.json`;
}

/** The schema a URI from schemaUri names, or undefined. */
export function schemaKindOf(uri: string): SchemaKind | undefined {
  return KINDS.find((k) => uri === schemaUri(k));
}

/** What a status notification says of one document (its URIs as the client keys them). */
export interface ReportStatus {
  uri: string;
  isReport: boolean;
  linked: readonly string[];
}

export class ReportSchemas {
  /** Each report's URI → the URIs of the files it links; a document not a report is not kept. */
  private reports = new Map<string, readonly string[]>();

  /** A document's latest status: a report (with its links), or not one any more. */
  update(status: ReportStatus): void {
    if (status.isReport) this.reports.set(status.uri, [...status.linked]);
    else this.reports.delete(status.uri);
  }

  /** A document closed: its links go with it. */
  close(uri: string): void {
    this.reports.delete(uri);
  }

  /** The schema of the YAML file at `uri`: its own (a report) first, else a tables file's if a report links it. */
  schemaOf(uri: string): SchemaKind | undefined {
    if (this.reports.has(uri)) return 'report';
    for (const linked of this.reports.values()) if (linked.includes(uri)) return 'tables';
    return undefined;
  }
}
