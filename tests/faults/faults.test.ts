// Faults of the machinery: no browser, a browser killed mid-render, a render that
// never ends, an output folder that cannot be written or a full disk, a rename that
// fails halfway. Each is exit 1 with a clear message; the previous outputs stay as
// they were; no staging folder, Chromium profile or Chromium process is left behind.
// Ctrl-C or SIGTERM is exit 130 or 143, and leaves nothing behind either.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, type ZineManifest } from '../../scripts/build.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { main } from '../../scripts/cli.ts';
import { fail, formatError, ZineError } from '../../scripts/errors.ts';
import { findBrowser } from '../../scripts/render/browser.ts';
import { startRenderer, type Renderer } from '../../scripts/render/renderer.ts';
import { runBuild } from '../input/helpers.ts';
import { alive, zinepress, type Run } from './processes.ts';

// The seam for "no browser at all": findBrowser with nothing on the machine.
const noBrowser = vi.hoisted(() => ({ on: false }));
vi.mock('../../scripts/render/browser.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../scripts/render/browser.ts')>();
  const nothing = { env: {}, exists: () => false, puppeteerPaths: () => [] };
  return { ...original, findBrowser: (explicit?: string, options?: Parameters<typeof original.findBrowser>[1]) => original.findBrowser(explicit, noBrowser.on ? nothing : options) };
});

// The seam for "a rename or a removal that fails": renameSync and rmSync as build.ts sees them.
const diskFault = vi.hoisted(() => ({
  rename: undefined as (() => boolean) | undefined,
  rm: undefined as ((path: string) => boolean) | undefined,
}));
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  const denied = (syscall: string, path: unknown) => Object.assign(new Error(`EPERM: operation not permitted, ${syscall} '${String(path)}'`), { code: 'EPERM', syscall });
  const renameSync: typeof original.renameSync = (from, to) => {
    if (diskFault.rename?.()) throw denied('rename', from);
    original.renameSync(from, to);
  };
  const rmSync: typeof original.rmSync = (path, options) => {
    if (diskFault.rm?.(String(path))) throw denied('rm', path);
    original.rmSync(path, options);
  };
  return { ...original, default: { ...original, renameSync, rmSync }, renameSync, rmSync };
});

const zine = 'fault';
const content = mkdtempSync(join(tmpdir(), 'zinepress-faults-content-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-faults-out-'));
let before: Record<string, string>;
/** Temporary folders made by the tests below, removed at the end. */
const made: string[] = [];
const tempFolder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

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
  await expectNoChromiumLeft(run);
}

/** No profile folder left, and no Chromium process alive. */
async function expectNoChromiumLeft(run: Run) {
  for (const profile of new Set(run.seen.map((entry) => entry.profile))) if (profile) expect(existsSync(profile), profile).toBe(false);
  // Helpers orphaned by a killed browser notice it and exit: give them a moment.
  for (let tries = 0; tries < 50 && run.seen.some((entry) => alive(entry.pid)); tries++) await new Promise((r) => setTimeout(r, 100));
  expect(run.seen.filter((entry) => alive(entry.pid))).toEqual([]);
}

/** A fresh TMPDIR for a spawned zinepress, and what is left in it (tsx's own cache aside). */
function privateTmp(): { env: NodeJS.ProcessEnv; left: () => string[] } {
  const dir = tempFolder('zinepress-faults-tmp-');
  return { env: { ...process.env, TMPDIR: dir }, left: () => readdirSync(dir).filter((name) => !name.startsWith('tsx-')) };
}

/**
 * A zine slow enough to kill mid-render on an idle machine too: about 200 pages of
 * text, whose layout takes several seconds (at 40 pages an idle machine finished the
 * whole build before the kill, 3 s after the browser started).
 */
function slowZine(): string {
  const words = 'the printed page keeps its shape while the browser lays out every line of this long text for the test'.split(' ');
  const sections = Array.from({ length: 40 }, (_, s) => {
    const paragraphs = Array.from({ length: 24 }, (_, p) => Array.from({ length: 80 }, (_, w) => words[(w * 7 + p * 3 + s) % words.length]).join(' '));
    return `# Section ${s + 1}\n\n${paragraphs.join('.\n\n')}.\n`;
  });
  return `---\ntitle: Slow\nlang: en\nedition: 1\ndate: 2026-11-25\n---\n\n${sections.join('\n')}`;
}

/** A content folder with the slow zine, under the same name as the one already built. */
function slowContent(): string {
  const slow = tempFolder('zinepress-faults-slow-');
  mkdirSync(join(slow, zine));
  writeFileSync(join(slow, zine, 'index.md'), slowZine());
  return slow;
}

beforeAll(async () => {
  cpSync(join(fixtureZines, 'avant-la-reunion'), join(content, zine), { recursive: true });
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
    expect(() => findBrowser(undefined, { env: {}, exists: () => false, puppeteerPaths: () => [] })).toThrow(ZineError);
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
    expect(() => fail('x', { fix: 'y' })).toThrow(ZineError);
    try {
      fail('x', { fix: 'y' });
    } catch (error) {
      expect(formatError(error as ZineError)).toBe('error: x\n  fix: y');
    }
  });
});

describe('a browser that dies or hangs', () => {
  it('Chromium killed mid-render: exit 1, "the browser closed or crashed"; its own temp folders go with the profile', async () => {
    // Same zine name, slower text: the earlier, small build's outputs must survive.
    const tmp = privateTmp();
    let firstSeen: number | undefined;
    let killed = false;
    const run = await zinepress(
      [zine, '--content', slowContent(), '--output', outputDir],
      (processes, _child, stderr) => {
        // The browser starts while the text is composed: count from the line that says the
        // layout began, then wait a second into a layout of ~200 pages that takes many more.
        if (stderr.includes('laying out')) firstSeen ??= performance.now();
        const browser = processes.find((entry) => entry.main);
        if (!killed && browser && firstSeen !== undefined && performance.now() - firstSeen > 1000) {
          killed = true;
          process.kill(browser.pid, 'SIGKILL');
        }
      },
      { env: tmp.env },
    );
    expect(killed).toBe(true);
    expect(run.stderr).toMatch(/error: the browser (closed or crashed during the render|tab crashed|failed during the render)/);
    await expectCleanFailure(run);
    // A killed Chromium cannot remove its org.chromium.Chromium.* folders: they were in the profile's.
    expect(tmp.left()).toEqual([]);
  });

  it('a render that does not finish in time: exit 1, names --timeout', async () => {
    // 20 ms: writing the document into the tab alone takes longer.
    const run = await zinepress([zine, '--content', content, '--output', outputDir, '--timeout', '0.02']);
    expect(run.stderr).toMatch(/error: the render did not finish within 0\.02 s\n {2}fix: raise it with --timeout <seconds>/);
    expect(run.seen.length).toBeGreaterThan(0);
    await expectCleanFailure(run);
  });
});

describe('a build command line that turns out wrong once the browser is starting', () => {
  // A build starts its browser from a first reading of the arguments, before the rest of
  // zinepress loads (scripts/cli.ts); the full reading then finds the mistake.
  for (const [wrong, said] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--colour'], /Unknown option '--colour'/],
  ] as const) {
    it(`${wrong.join(' ')}: exit 2 with the usage line; no browser, profile or temp folder left`, async () => {
      const tmp = privateTmp();
      const run = await zinepress([zine, '--content', content, '--output', outputDir, ...wrong], () => {}, { env: tmp.env });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(said);
      expect(run.stderr).toMatch(/Run "zinepress --help" for usage\./);
      await expectNoChromiumLeft(run);
      expect(tmp.left()).toEqual([]);
      expect(snapshot(join(outputDir, zine))).toEqual(before);
    });
  }
});

describe('a rendition that fails while another is laid out', () => {
  it('its failure is what the build reports, once every render has ended; the previous outputs stay', async () => {
    // The phone rendition fails at once; the print one is laid out, then held a moment longer.
    // Its forms are made as soon as it is done (they do not wait for the phone's), and the
    // failure is reported only after it.
    const real = await startRenderer({ tabs: 2 });
    let printEnded = Number.POSITIVE_INFINITY;
    try {
      const renderer: Renderer = {
        browser: real.browser,
        tabs: real.tabs,
        close: () => real.close(),
        async render(html, options) {
          // The phone's stylesheet stacks wide tables (styles/phone.css).
          if (html.includes('--wide-table: stack')) fail('the phone layout broke (simulated)', { fix: 'nothing: a test' });
          const rendered = await real.render(html, options);
          await new Promise((resolve) => setTimeout(resolve, 300));
          printEnded = performance.now();
          return rendered;
        },
      };
      await expect(build({ zines: [zine], contentDir: content, outputDir, renderer })).rejects.toThrow(/^the phone layout broke \(simulated\)$/);
      expect(performance.now()).toBeGreaterThan(printEnded);
      expect(snapshot(join(outputDir, zine))).toEqual(before);
    } finally {
      await real.close();
    }
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

describe('a build stopped by a signal', () => {
  const cases = [
    { signal: 'SIGINT', status: 130, to: 'its process group, as Ctrl-C does' },
    { signal: 'SIGTERM', status: 143, to: 'zinepress alone' },
  ] as const;
  for (const { signal, status, to } of cases) {
    it(`${signal} to ${to} mid-render: exit ${status}, one line; no browser, profile or temp folder left; the previous outputs intact`, async () => {
      const tmp = privateTmp();
      let firstSeen: number | undefined;
      let sent = false;
      const run = await zinepress(
        [zine, '--content', slowContent(), '--output', outputDir],
        (_processes, child, stderr) => {
          // A second after the layout began.
          if (stderr.includes('laying out')) firstSeen ??= performance.now();
          if (!sent && firstSeen !== undefined && performance.now() - firstSeen > 1000) {
            sent = true;
            // puppeteer starts Chromium in a process group of its own: Ctrl-C reaches only zinepress.
            process.kill(signal === 'SIGINT' ? -child.pid! : child.pid!, signal);
          }
        },
        { env: tmp.env, ownGroup: true },
      );
      expect(sent).toBe(true);
      expect(run.status, run.stderr).toBe(status);
      expect(run.stderr).toMatch(new RegExp(`(^|\\n)zinepress: stopped by ${signal}; [^\\n]+\\n$`));
      expect(run.stderr).not.toMatch(/error|\n\s+at /);
      expect(snapshot(join(outputDir, zine))).toEqual(before);
      await expectNoChromiumLeft(run);
      expect(tmp.left()).toEqual([]);
    });
  }
});

describe('outputs swapped in all at once', () => {
  // A new edition: every output but the printing instructions changes.
  const changed = tempFolder('zinepress-faults-changed-');
  beforeAll(() => {
    cpSync(join(content, zine), join(changed, zine), { recursive: true });
    const index = join(changed, zine, 'index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace(/^edition: 1$/m, 'edition: 2'));
  });
  /** An output folder holding a copy of the previous outputs. */
  const previousOutputs = () => {
    const dir = tempFolder('zinepress-faults-swap-');
    cpSync(join(outputDir, zine), join(dir, zine), { recursive: true });
    return dir;
  };
  /** Each file listed in the manifest, byte for byte. */
  const expectManifestTrue = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ZineManifest;
    expect(manifest.edition).toBe(2);
    for (const file of manifest.files) expect(snapshot(dir)[file.name], file.name).toBe(file.sha256);
  };

  it.skipIf(process.getuid?.() !== 0)('an old manifest.json that cannot be moved (chattr +i): exit 1, the previous outputs byte for byte', async ({ skip }) => {
    const out = previousOutputs();
    const locked = join(out, zine, 'manifest.json');
    try {
      execFileSync('chattr', ['+i', locked], { stdio: 'ignore' });
    } catch {
      return skip('chattr +i is not supported here');
    }
    try {
      const run = await zinepress([zine, '--content', changed, '--output', out]);
      expect(run.stderr).toMatch(/error: could not write .*fault: EPERM: operation not permitted, rename/);
      await expectCleanFailure(run, join(out, zine));
    } finally {
      execFileSync('chattr', ['-i', locked]);
    }
  });

  it('a rename that fails anywhere in the swap (simulated): the previous outputs byte for byte, no staging or backup folder', async () => {
    const out = previousOutputs();
    const count = Object.keys(before).length;
    // The previous files move aside one by one, then the new ones move in: fail the first and last of each.
    for (const failing of [1, count, count + 1, 2 * count]) {
      let renames = 0;
      diskFault.rename = () => ++renames === failing;
      try {
        await expect(build({ zines: [zine], contentDir: changed, outputDir: out }), `rename ${failing}`).rejects.toThrow(/could not write .*EPERM/);
      } finally {
        diskFault.rename = undefined;
      }
      expect(renames, 'the swap was reached').toBeGreaterThanOrEqual(failing);
      expect(snapshot(join(out, zine)), `rename ${failing} failed`).toEqual(before);
    }
  });

  it('an old output that is now a folder holding a file is replaced: exactly the new outputs; no handler left', async () => {
    const out = previousOutputs();
    const instructions = join(out, zine, `${zine}-print.txt`);
    rmSync(instructions);
    mkdirSync(instructions);
    writeFileSync(join(instructions, 'note.txt'), 'in the way\n');
    // The CLI in this process: Ctrl-C handlers while it builds, none after.
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'] as const;
    const listeners = () => events.map((event) => process.listenerCount(event));
    const idle = listeners();
    let busy: number[] | undefined;
    let stderr = '';
    const sink = { write: (chunk: string) => ((busy ??= listeners()), (stderr += chunk), true) };
    const status = await main(['build', zine, '--content', changed, '--output', out], { stdout: sink as unknown as typeof process.stdout, stderr: sink as unknown as typeof process.stderr });
    expect(status, stderr).toBe(0);
    expect(busy!.slice(0, 3)).toEqual(idle.slice(0, 3).map((count) => count + 1));
    expect(listeners()).toEqual(idle);
    expect(Object.keys(snapshot(join(out, zine)))).toEqual(Object.keys(before));
    expectManifestTrue(join(out, zine));
  });

  it('the previous outputs cannot be removed once the new ones are in: a warning naming the folder, not a failure', async () => {
    const out = previousOutputs();
    const log: string[] = [];
    diskFault.rm = (path) => path.includes('.previous-');
    try {
      await build({ zines: [zine], contentDir: changed, outputDir: out, log: (line) => log.push(line) });
    } finally {
      diskFault.rm = undefined;
    }
    const leftover = readdirSync(join(out, zine)).filter((name) => name.startsWith('.'));
    expect(leftover).toEqual([expect.stringMatching(/^\.previous-/)]);
    expect(log.join('\n')).toContain(`warning: could not remove ${join(out, zine, leftover[0]!)}: EPERM; delete it by hand`);
    expect(snapshot(join(out, zine, leftover[0]!))).toEqual(before);
    rmSync(join(out, zine, leftover[0]!), { recursive: true });
    expect(Object.keys(snapshot(join(out, zine)))).toEqual(Object.keys(before));
    expectManifestTrue(join(out, zine));
  });
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  rmSync(content, { recursive: true, force: true });
  rmSync(outputDir, { recursive: true, force: true });
});
