/**
 * A minimal LSP client for the protocol tests and the latency bench: spawns the bundled
 * server over stdio and speaks JSON-RPC to it. Waits are event-driven with a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER = resolve(ROOT, 'dist', 'server.js');

interface Waiter<T> {
  test: (x: T) => boolean;
  resolve: (x: T) => void;
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  exited = false;
  private diagWaiters: Array<Waiter<PublishDiagnosticsParams>> = [];
  private noteWaiters: Array<Waiter<{ method: string; params: unknown }>> = [];
  private configuration: Record<string, unknown> = {};

  /** `server`: the bundled server to run (default dist/server.js; the package test runs an unpacked copy). */
  constructor(args: string[] = ['--stdio'], server = SERVER, cwd?: string) {
    this.proc = spawn(
      process.execPath,
      [
        ...(process.env.SUANPAN_SERVER_NODE_ARGS ? process.env.SUANPAN_SERVER_NODE_ARGS.split(' ') : []),
        server,
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], cwd },
    );
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.proc.on('exit', () => (this.exited = true));
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      this.diagWaiters = this.diagWaiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    for (const method of ['suanpan/status', 'window/logMessage', '$/progress', 'window/showMessage']) {
      this.conn.onNotification(method, (params: unknown) => {
        const n = { method, params };
        this.notifications.push(n);
        this.noteWaiters = this.noteWaiters.filter((w) => (w.test(n) ? (w.resolve(n), false) : true));
      });
    }
    // the server pulls settings per document
    this.conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section === 'suanpan' ? this.configuration : null)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  setConfiguration(c: Record<string, unknown>): void {
    this.configuration = c;
  }

  async initialize(extra: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      locale: 'zh-CN',
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true },
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            codeDescriptionSupport: true,
            dataSupport: true,
          },
        },
        window: { workDoneProgress: true },
      },
      ...extra,
    } as InitializeParams;
    const r = await this.conn.sendRequest(InitializeRequest.type, params);
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  /** The next diagnostics (after those already received) that satisfy `test`. */
  waitForDiagnostics(
    test: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs = 10_000,
    what = 'diagnostics',
  ): Promise<PublishDiagnosticsParams> {
    return this.withDeadline(new Promise((resolve) => this.diagWaiters.push({ test, resolve })), timeoutMs, what);
  }

  /** The next notification `method` whose params (of the shape the caller expects) satisfy `test`. */
  waitForNotification<P = Record<string, unknown>>(
    method: string,
    test: (p: P) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<P> {
    return this.withDeadline(
      new Promise<{ method: string; params: unknown }>((resolve) =>
        this.noteWaiters.push({ test: (n) => n.method === method && test(n.params as P), resolve }),
      ).then((n) => n.params as P),
      timeoutMs,
      method,
    );
  }

  private withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`timed out after ${ms} ms waiting for ${what}; server stderr:\n${this.stderr.slice(-2000)}`),
          ),
        ms,
      );
    });
    return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
  }

  open(uri: string, text: string, languageId = 'markdown', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** A notification from the client (workspace/didChangeWatchedFiles …). */
  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.withDeadline(this.conn.sendRequest(method, params) as Promise<R>, 20_000, method);
  }

  async shutdown(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    try {
      await this.withDeadline(this.conn.sendRequest('shutdown'), 3000, 'shutdown');
      await this.conn.sendNotification('exit');
      await this.withDeadline(exited, 3000, 'exit');
    } catch {
      this.proc.kill('SIGKILL');
    } finally {
      this.conn.dispose();
    }
  }
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * A server over stdio on a temporary workspace folder (filled by `prepare`), initialised with that
 * folder; `stopInWorkspace` shuts it down and removes the folder.
 */
export async function startInWorkspace(
  prefix: string,
  prepare: (dir: string) => void = () => undefined,
): Promise<{ client: LspClient; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  prepare(dir);
  const client = new LspClient();
  await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  return { client, dir };
}

export async function stopInWorkspace(client: LspClient, dir: string): Promise<void> {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
}
