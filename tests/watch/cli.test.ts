// The command line of watch, new and --html: help, and usage errors before any browser starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

async function run(...argv: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const sink = new Writable({ write: (chunk, _encoding, done) => ((out += chunk), done()) });
  const status = await main(argv, { stdout: sink as typeof process.stdout, stderr: sink as typeof process.stderr });
  return { status, out };
}

describe('zinepress watch and new on the command line', () => {
  it('are in --help, with --port, --lang and --html', async () => {
    const { status, out } = await run('--help');
    expect(status).toBe(0);
    expect(out).toMatch(/zinepress watch <zine…> \[--port N\]/);
    expect(out).toMatch(/zinepress new <zine> \[--lang xx\]/);
    expect(out).toMatch(/--html .*<zine>\.html/);
    expect(out).toMatch(/html\s+\(--html\) /);
  });

  it('refuse a watch with no zine, an unknown zine or a bad port (exit 2)', async () => {
    expect((await run('watch')).status).toBe(2);
    expect((await run('watch', 'no-such-zine', '--content', fixtureZines)).status).toBe(2);
    const badPort = await run('watch', 'avant-la-reunion', '--content', fixtureZines, '--port', '70000');
    expect(badPort.status).toBe(2);
    expect(badPort.out).toMatch(/--port takes a port number/);
  });

  it('says so when the port is taken (exit 1, with the fix)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-watch-cli-'));
    try {
      const { status, out } = await run('watch', 'avant-la-reunion', '--content', fixtureZines, '--output', outputDir, '--port', String(port));
      expect(status).toBe(1);
      expect(out).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)\\n  fix: choose another port`));
    } finally {
      taken.close();
      rmSync(outputDir, { recursive: true, force: true });
    }
  }, 120_000);
});
