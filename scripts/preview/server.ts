// The live preview's HTTP server: loopback only, and only for a Host header that
// names it (a page of another site that re-points its name at 127.0.0.1 — DNS
// rebinding — gets nothing). It serves the preview pages, the event stream that
// reloads them, and the files of the last good build listed in its manifest:
// no path from a request ever reaches the file system.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, ZineError } from '../errors.ts';
import { escapeHtml } from '../template.ts';
import { previewPage, type PreviewState } from './pages.ts';

export interface PreviewServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  port: number;
  /** Tell every open preview to reload. */
  notify(): void;
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** 0 picks a free port. */
  port: number;
  /** The zines shown, by name, as they are now. */
  states: ReadonlyMap<string, PreviewState>;
  /** Where each zine's outputs are (outputDir/<zine>/). */
  outputDir: string;
  /** The Content-Security-Policy of every response (pages.ts previewPolicy). */
  policy: string;
}

const types: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  // The --html output is shown as text: it is for inspecting, and its fonts would not load here anyway.
  html: 'text/plain; charset=utf-8',
};

/** Start the preview on 127.0.0.1. */
export async function startPreview({ port, states, outputDir, policy }: PreviewOptions): Promise<PreviewServer> {
  const streams = new Set<ServerResponse>();
  let rebuilds = 0;
  let actualPort = port;

  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });
  const send = (response: ServerResponse, status: number, type: string, body: string | Uint8Array) => {
    response.writeHead(status, headers(type));
    response.end(body);
  };
  const refuse = (response: ServerResponse, status: number, text: string) => send(response, status, 'text/plain; charset=utf-8', `${text}\n`);

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const host = request.headers.host;
    if (host !== `127.0.0.1:${actualPort}` && host !== `localhost:${actualPort}`) return refuse(response, 403, 'this preview answers only to 127.0.0.1 and localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'only GET');
    let url: URL;
    try {
      url = new URL(request.url ?? '/', `http://${host}`);
    } catch {
      return refuse(response, 400, 'bad address');
    }
    let parts: string[];
    try {
      parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return refuse(response, 400, 'bad address');
    }
    if (url.pathname === '/events') {
      response.writeHead(200, { ...headers('text/event-stream'), Connection: 'keep-alive' });
      response.write(`retry: 500\n\n`);
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname === '/') {
      if (states.size === 1) {
        response.writeHead(302, { ...headers('text/plain'), Location: `/${encodeURIComponent([...states.keys()][0]!)}/` });
        return response.end();
      }
      const list = [...states.keys()].map((zine) => `<li><a href="/${encodeURIComponent(zine)}/">${escapeHtml(zine)}</a></li>`).join('');
      return send(response, 200, 'text/html; charset=utf-8', `<!doctype html><html><head><meta charset="utf-8"><title>zinepress</title></head><body><ul>${list}</ul></body></html>`);
    }
    const state = parts.length === 2 ? states.get(parts[0]!) : undefined;
    if (!state) return refuse(response, 404, 'not found');
    const [zine, name] = parts as [string, string];
    if (name === '') {
      const view = url.searchParams.get('view') === 'sheets' ? 'sheets' : 'pages';
      return send(response, 200, 'text/html; charset=utf-8', previewPage(state, view));
    }
    // Only a file the last good build listed, by its exact name.
    if (!state.files.includes(name)) return refuse(response, 404, 'not found');
    const bytes = await readFile(join(outputDir, zine, name)).catch(() => undefined);
    if (!bytes) return refuse(response, 404, 'not found');
    return send(response, 200, types[name.split('.').at(-1)!] ?? 'application/octet-stream', bytes);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `preview failed: ${(error as Error).message}`);
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES'
        ? reject(new ZineError([problem(`the preview cannot listen on 127.0.0.1:${port} (${error.code})`, { fix: 'choose another port with --port <N>, or --port 0 for any free one' })]))
        : reject(error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    notify() {
      rebuilds++;
      for (const stream of streams) stream.write(`event: rebuilt\ndata: ${rebuilds}\n\n`);
    },
    async close() {
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
