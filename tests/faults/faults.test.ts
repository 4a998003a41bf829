// Faults of the machinery: no browser, a browser killed mid-render, a render that
// never ends, an output folder that cannot be written or a full disk. Each is
// exit 1 with a clear message; the previous outputs stay as they were; no staging
// folder, Chromium profile or Chromium process is left behind.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, projectRoot } from '../../scripts/build.ts';
import { BuildError, formatError } from '../../scripts/errors.ts';
import { findBrowser } from '../../scripts/render/browser.ts';
import { runBuild } from '../input/helpers.ts';
import { alive, zinepress, type Run } from './processes.ts';

// The seam for "no browser at all": findBrowser with nothing on the machine.
const noBrowser = vi.hoisted(() => ({ on: false }));
vi.mock('../../scripts/render/browser.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../scripts/render/browser.ts')>();
  const nothing = { env: {}, exists: () => false, puppeteerPaths: () => [] };
  return { ...original, findBrowser: (explicit?: string, options?: Parameters<typeof original.findBrowser>[1]) => original.findBrowser(explicit, noBrowser.on ? nothing : options) };
});

const zine = 'fault';
const content = mkdtempSync(join(tmpdir(), 'zinepress-faults-content-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-faults-out-'));
let before: Record<string, string>;

/** name → sha256 of every entry of a zine's output folder (a folder, like a staging one, shows as "dir"). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).sort().map((name) => {
      const path = join(dir, name);
      return [name, statSync(path).isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(path)).digest('hex')];
    }),
  );
}

/** Exit 1, no stack trace, previous outputs as they were, no profile or Chromium process left. */
async function expectCleanFailure(run: Run, outputs = join(outputDir, zine), previous = before) {
  expect(run.status, run.stderr).toBe(1);
  expect(run.stderr).toMatch(/^error: .+\n {2}fix: \S/m);
  expect(run.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expect(snapshot(outputs)).toEqual(previous);
  for (const profile of new Set(run.seen.map((entry) => entry.profile))) if (profile) expect(existsSync(profile), profile).toBe(false);
  // Helpers orphaned by a killed browser notice it and exit: give them a moment.
  for (let tries = 0; tries < 50 && run.seen.some((entry) => alive(entry.pid)); tries++) await new Promise((r) => setTimeout(r, 100));
  expect(run.seen.filter((entry) => alive(entry.pid))).toEqual([]);
}

/** A zine slow enough to kill mid-render: about 60 pages of text. */
function slowZine(): string {
  const words = 'the printed page keeps its shape while the browser lays out every line of this long text for the test'.split(' ');
  const sections = Array.from({ length: 8 }, (_, s) => {
    const paragraphs = Array.from({ length: 24 }, (_, p) => Array.from({ length: 80 }, (_, w) => words[(w * 7 + p * 3 + s) % words.length]).join(' '));
    return `# Section ${s + 1}\n\n${paragraphs.join('.\n\n')}.\n`;
  });
  return `---\ntitle: Slow\nlang: en\nedition: 1\ndate: 2026-11-25\n---\n\n${sections.join('\n')}`;
}

beforeAll(async () => {
  cpSync(join(projectRoot, 'content', 'avant-la-reunion'), join(content, zine), { recursive: true });
  await build({ zines: [zine], contentDir: content, outputDir });
  before = snapshot(join(outputDir, zine));
});

describe('no browser', () => {
  it('--browser /nonexistent: exit 1, and how to get one', async () => {
    const run = await zinepress([zine, '--content', content, '--output', outputDir, '--browser', '/nonexistent']);
    expect(run.stderr).toMatch(/error: the browser given by --browser does not exist: \/nonexistent/);
    expect(run.stderr).toMatch(/apt-get install chromium/);
    expect(run.stderr).toMatch(/npx puppeteer browsers install chrome-headless-shell/);
    expect(run.seen).toEqual([]);
    await expectCleanFailure(run);
  });

  it('no browser anywhere (simulated): exit 1, and how to get one', async () => {
    expect(() => findBrowser(undefined, { env: {}, exists: () => false, puppeteerPaths: () => [] })).toThrow(BuildError);
    noBrowser.on = true;
    try {
      const { status, stderr } = await runBuild([zine, '--content', content, '--output', outputDir]);
      expect(status).toBe(1);
      expect(stderr).toMatch(/^error: no Chromium or Chrome found to render with\n {2}fix: Debian\/Ubuntu: sudo apt-get install chromium/);
      expect(stderr).toMatch(/ZINEPRESS_BROWSER=\/path\/to\/chrome/);
    } finally {
      noBrowser.on = false;
    }
    expect(snapshot(join(outputDir, zine))).toEqual(before);
    expect(formatError(new BuildError('x', 'y'))).toBe('error: x\n  fix: y');
  });
});

describe('a browser that dies or hangs', () => {
  it('Chromium killed mid-render: exit 1, "the browser closed or crashed"', async () => {
    // Same zine name, slower text: the earlier, small build's outputs must survive.
    const slow = mkdtempSync(join(tmpdir(), 'zinepress-faults-slow-'));
    mkdirSync(join(slow, zine));
    writeFileSync(join(slow, zine, 'index.md'), slowZine());
    let firstSeen: number | undefined;
    let killed = false;
    const run = await zinepress([zine, '--content', slow, '--output', outputDir], (processes) => {
      firstSeen ??= performance.now();
      // Launch takes about a second; the layout of ~60 pages many more.
      const browser = processes.find((entry) => entry.main);
      if (!killed && browser && performance.now() - firstSeen > 3000) {
        killed = true;
        process.kill(browser.pid, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(run.stderr).toMatch(/error: the browser (closed or crashed during the render|tab crashed|failed during the render)/);
    await expectCleanFailure(run);
  });

  it('a render that does not finish in time: exit 1, names --timeout', async () => {
    const run = await zinepress([zine, '--content', content, '--output', outputDir, '--timeout', '0.5']);
    expect(run.stderr).toMatch(/error: the render did not finish within 0\.5 s\n {2}fix: raise it with --timeout <seconds>/);
    expect(run.seen.length).toBeGreaterThan(0);
    await expectCleanFailure(run);
  });
});

describe('an output folder that cannot take the files', () => {
  it('its parent is a regular file: exit 1, "could not write"', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zinepress-faults-file-')), 'not-a-folder');
    writeFileSync(file, 'a file, not a folder\n');
    const run = await zinepress([zine, '--content', content, '--output', join(file, 'out')]);
    expect(run.stderr).toMatch(/error: could not write .*not-a-folder\/out\/fault: ENOTDIR/);
    expect(run.stderr).toMatch(/fix: check that the output folder is writable and the disk is not full/);
    expect(readFileSync(file, 'utf8')).toBe('a file, not a folder\n');
    await expectCleanFailure(run);
  });

  // A real full disk: a small tmpfs (root only), filled up after a first good build.
  // Mounted inside the test, so that a skipped or failed test never leaves it mounted.
  it.skipIf(process.getuid?.() !== 0)('a full disk: exit 1, "no space left", the previous outputs intact', async ({ skip }) => {
    const disk = mkdtempSync(join(tmpdir(), 'zinepress-faults-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'ignore' });
    } catch {
      rmSync(disk, { recursive: true, force: true });
      return skip('mount -t tmpfs is not allowed here');
    }
    try {
      await build({ zines: [zine], contentDir: content, outputDir: disk });
      const previous = snapshot(join(disk, zine));
      // Fill what is left, 64 kB at a time, until the disk refuses.
      const filler = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; ; i++) {
        try {
          writeFileSync(join(disk, `filler-${i}`), filler);
        } catch {
          break;
        }
      }
      const run = await zinepress([zine, '--content', content, '--output', disk]);
      expect(run.stderr).toMatch(/error: could not write .*: ENOSPC: no space left on device/);
      await expectCleanFailure(run, join(disk, zine), previous);
    } finally {
      execFileSync('umount', [disk]);
      rmSync(disk, { recursive: true, force: true });
    }
  });
});

afterAll(() => {
  rmSync(content, { recursive: true, force: true });
  rmSync(outputDir, { recursive: true, force: true });
});
