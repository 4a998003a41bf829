// A trap for the security tests: an HTTP server and a raw TCP listener on
// 127.0.0.1 that count everything that reaches them, and PDF scans for scripts.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { writeTempPdf } from '../helpers/poppler.ts';

/** Listeners that record every request (HTTP) and connection (TCP, for ws:). */
export interface Trap {
  /** http://127.0.0.1:<port> */
  http: string;
  /** ws://127.0.0.1:<port> of the raw TCP listener. */
  ws: string;
  /** Paths requested from the HTTP server. */
  requests: string[];
  /** Connections accepted by the TCP listener. */
  connections: number;
  close(): Promise<void>;
}

/** Start both listeners on random ports of 127.0.0.1. */
export async function openTrap(): Promise<Trap> {
  const requests: string[] = [];
  const http: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('caught');
  });
  const trap = { requests, connections: 0 } as Trap;
  const tcp: TcpServer = createTcpServer((socket) => {
    trap.connections += 1;
    socket.destroy();
  });
  await Promise.all([listen(http), listen(tcp)]);
  trap.http = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  trap.ws = `ws://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  trap.close = async () => {
    http.closeAllConnections();
    await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tcp.close(r))]);
  };
  return trap;
}

function listen(server: Server | TcpServer): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** PDF names that run code or act on opening; none may appear (read back with qpdf). */
export function scriptNames(pdf: Uint8Array): string[] {
  const json = execFileSync('qpdf', ['--json', writeTempPdf(pdf, 'scan')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return [...new Set(json.match(/"\/(?:JS|JavaScript|Launch|AA|OpenAction|SubmitForm|ImportData|EmbeddedFile)"/g) ?? [])];
}

/** pdfinfo's "JavaScript:" line (poppler, a tool that did not write the PDF). */
export function pdfinfoJavaScript(pdf: Uint8Array): string | undefined {
  const out = execFileSync('pdfinfo', [writeTempPdf(pdf, 'info')], { encoding: 'utf8' });
  return /^JavaScript:\s+(\S+)/m.exec(out)?.[1];
}
