/**
 * The report and tables schemas for YAML files with any name (a report's `数据: tables.yaml`, a YAML
 * report named by `suanpan.files`), through the Red Hat YAML extension's schema contributor API, used
 * only when that extension is installed. package.json `yamlValidation` covers the files named
 * `*.report.yaml` / `*.tables.yaml`; which other file gets which schema is report-schemas.ts's.
 * The YAML extension asks at each validation: a tables file already open when its report's first
 * check comes in gets the schema at its next edit (the API has no way to ask for a new validation).
 */
import * as vscode from 'vscode';
import { ReportSchemas, SCHEMA_SCHEME, schemaKindOf, schemaUri, type ReportStatus } from './report-schemas';

const YAML_EXTENSION = 'redhat.vscode-yaml';

/** What the YAML extension's activate() returns (src/schema-extension-api.ts there), the part used. */
interface YamlApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => Promise<string> | string,
  ): boolean;
}

/** A URI as vscode.Uri prints it, the same whichever side (our server, the YAML server) wrote it. */
const key = (uri: string) => vscode.Uri.parse(uri).toString();

export interface YamlSchemas {
  /** A status notification of the server (its URIs already the editor's). */
  update(status: ReportStatus): void;
  disposables: vscode.Disposable[];
}

export function yamlSchemas(context: vscode.ExtensionContext): YamlSchemas {
  const schemas = new ReportSchemas();
  let registered = false;
  const requestSchema = (resource: string) => {
    const kind = schemas.schemaOf(key(resource));
    return kind && schemaUri(kind);
  };
  const requestSchemaContent = async (uri: string) => {
    const kind = schemaKindOf(uri);
    if (!kind) return '';
    const file = vscode.Uri.joinPath(context.extensionUri, 'schemas', `${kind}.schema.json`);
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  };
  const register = async () => {
    const ext = vscode.extensions.getExtension<YamlApi>(YAML_EXTENSION);
    if (registered || !ext) return;
    registered = true;
    try {
      const api = await ext.activate();
      api?.registerContributor?.(SCHEMA_SCHEME, requestSchema, requestSchemaContent);
    } catch {
      // an older or broken YAML extension: the named files keep their yamlValidation schema
    }
  };
  void register();
  return {
    update: (s) => schemas.update({ uri: key(s.uri), isReport: s.isReport, linked: s.linked.map(key) }),
    disposables: [
      // the YAML extension installed or enabled after this one started
      vscode.extensions.onDidChange(() => void register()),
      vscode.workspace.onDidCloseTextDocument((d) => schemas.close(d.uri.toString())),
    ],
  };
}
