// The command line of watch, new and --html: help, and usage errors before any browser starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.ts';
import { fixtureZines } from '../helpers/fixtures.ts';


describe('zinepress watch and new on the command line', () => {
  it('are in --help, with --port, --lang and --html', async () => {
    const { status, out } = await runMain('--help');
    expect(status).toBe(0);
    expect(out).toMatch(/zinepress watch <zine…> \[--port N\]/);
    expect(out).toMatch(/zinepress new <zine> \[--lang xx\]/);
    expect(out).toMatch(/--html .*<zine>\.html/);
    expect(out).toMatch(/html\s+\(--html\) /);
  });

  it('refuse a watch with no zine, an unknown zine or a bad port (exit 2)', async () => {
    expect((await runMain('watch')).status).toBe(2);
    expect((await runMain('watch', 'no-such-zine', '--content', fixtureZines)).status).toBe(2);
    const badPort = await runMain('watch', 'avant-la-reunion', '--content', fixtureZines, '--port', '70000');
    expect(badPort.status).toBe(2);
    expect(badPort.out).toMatch(/--port takes a port number/);
  });

  it('says so when the port is taken (exit 1, with the fix)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-watch-cli-'));
    try {
      const { status, out } = await runMain('watch', 'avant-la-reunion', '--content', fixtureZines, '--output', outputDir, '--port', String(port));
      expect(status).toBe(1);
      expect(out).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)\\n  fix: choose another port`));
    } finally {
      taken.close();
      rmSync(outputDir, { recursive: true, force: true });
    }
  }, 120_000);
});
