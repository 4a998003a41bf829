import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chromiumArgs, findBrowser, headlessMode, launchArguments, launchBrowser, puppeteerCachePaths, systemBrowserPaths } from '../../scripts/render/browser.ts';
import { ZineError } from '../../scripts/errors.ts';

// puppeteer reads its configuration once, when it is loaded: its cache is set first.
const cache = vi.hoisted(() => {
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
  const dir = mkdtempSync(`${require('node:os').tmpdir()}/zinepress-puppeteer-cache-`);
  process.env.PUPPETEER_CACHE_DIR = dir;
  return dir;
});
const { default: puppeteer } = await import('puppeteer');

/** Folders made by the tests, removed at the end. */
const folders = [cache];
const made = (dir: string) => (folders.push(dir), dir);
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('findBrowser', () => {
  it('takes the explicit option first', () => {
    const found = findBrowser('/opt/chrome', { env: { ZINEPRESS_BROWSER: '/usr/bin/chromium' }, exists: only('/opt/chrome', '/usr/bin/chromium'), puppeteerPaths: () => [] });
    expect(found).toEqual({ path: '/opt/chrome', source: 'option' });
  });

  it('then ZINEPRESS_BROWSER, then PUPPETEER_EXECUTABLE_PATH', () => {
    const exists = only('/a', '/b', '/usr/bin/chromium');
    expect(findBrowser(undefined, { env: { ZINEPRESS_BROWSER: '/a', PUPPETEER_EXECUTABLE_PATH: '/b' }, exists, puppeteerPaths: () => [] }).source).toBe('ZINEPRESS_BROWSER');
    expect(findBrowser(undefined, { env: { PUPPETEER_EXECUTABLE_PATH: '/b' }, exists, puppeteerPaths: () => [] }).source).toBe('PUPPETEER_EXECUTABLE_PATH');
  });

  it("prefers puppeteer's own Chrome to the system's", () => {
    const found = findBrowser(undefined, { env: {}, exists: only('/cache/chrome', '/usr/bin/chromium'), puppeteerPaths: () => ['/cache/shell', '/cache/chrome'] });
    expect(found).toEqual({ path: '/cache/chrome', source: 'puppeteer cache' });
  });

  it('falls back to the system browser', () => {
    const found = findBrowser(undefined, { env: {}, exists: only(systemBrowserPaths[3]!), puppeteerPaths: () => ['/cache/missing'] });
    expect(found).toEqual({ path: systemBrowserPaths[3], source: 'system' });
  });

  it("prefers Debian's headless shell to its full chromium: same engine, faster start", () => {
    const found = findBrowser(undefined, { env: {}, exists: only('/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell'), puppeteerPaths: () => [] });
    // The binary itself: /usr/bin's is a shell script that runs it as a child.
    expect(found).toEqual({ path: '/usr/lib/chromium/chromium-headless-shell', source: 'system' });
  });

  it('refuses an explicit path that does not exist instead of guessing', () => {
    expect(() => findBrowser('/nope', { env: {}, exists: only('/usr/bin/chromium'), puppeteerPaths: () => [] })).toThrow(/--browser does not exist: \/nope/);
  });

  it('says how to get a browser when there is none', () => {
    let error: unknown;
    try {
      findBrowser(undefined, { env: {}, exists: () => false, puppeteerPaths: () => [] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZineError);
    expect((error as ZineError).hint).toMatch(/apt-get install chromium/);
    expect((error as ZineError).hint).toMatch(/ZINEPRESS_BROWSER/);
  });
});

describe('headlessMode', () => {
  it("starts puppeteer's chrome-headless-shell in its own mode, every other browser in the new one", () => {
    expect(headlessMode('/root/.cache/puppeteer/chrome-headless-shell/linux-148.0.7778.97/chrome-headless-shell-linux64/chrome-headless-shell')).toBe('shell');
    expect(headlessMode('C:\\cache\\chrome-headless-shell-win64\\chrome-headless-shell.exe')).toBe('shell');
    expect(headlessMode('/root/.cache/puppeteer/chrome/linux-148.0.7778.97/chrome-linux64/chrome')).toBe(true);
    expect(headlessMode('/usr/bin/chromium')).toBe(true);
    expect(headlessMode('/usr/bin/chromium-headless-shell')).toBe('shell');
  });
});

describe('puppeteerCachePaths', () => {
  it('answers what puppeteer.executablePath answers, without loading puppeteer', () => {
    expect(puppeteerCachePaths()).toEqual([puppeteer.executablePath({ headless: 'shell' }), puppeteer.executablePath()]);
    expect(puppeteerCachePaths()[0]!.startsWith(cache)).toBe(true);
  });

  it('looks no further when there is no cache folder', () => {
    vi.stubEnv('PUPPETEER_CACHE_DIR', join(cache, 'missing'));
    try {
      expect(puppeteerCachePaths()).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('launchArguments', () => {
  /** Flags as a set, the features each turns on or off apart (puppeteer merges the callers' into its own). */
  const flags = (args: string[]) => {
    const features = (name: string) => new Set(args.filter((arg) => arg.startsWith(`--${name}=`)).flatMap((arg) => arg.split('=')[1]!.split(',')));
    return { flags: new Set(args.filter((arg) => !/^--(disable|enable)-features=/.test(arg))), disabled: features('disable-features'), enabled: features('enable-features') };
  };

  for (const path of ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium']) {
    it(`passes every flag puppeteer.launch would, over a pipe instead of a port (${path})`, () => {
      const ours = launchArguments(path, '/tmp/profile');
      // defaultArgs takes the --disable-features out of the array it is given: a copy.
      const theirs = flags([...puppeteer.defaultArgs({ headless: headlessMode(path), args: [...chromiumArgs, '--user-data-dir=/tmp/profile'] }), '--remote-debugging-pipe']);
      expect(flags(ours)).toEqual(theirs);
      // Chromium reads the last of each: every feature in one.
      expect(ours.filter((arg) => arg.startsWith('--disable-features='))).toHaveLength(1);
      expect(ours.filter((arg) => arg.startsWith('--enable-features='))).toHaveLength(1);
      expect(launchArguments(path, '/tmp/profile', [...chromiumArgs, '--enable-features=Extra']).filter((arg) => arg.startsWith('--enable-features='))).toEqual(['--enable-features=PdfOopif,Extra']);
      expect(ours.some((arg) => arg.startsWith('--remote-debugging-port'))).toBe(false);
    });
  }
});

describe('launchBrowser', () => {
  /** A fake browser: a script that says something and exits, in a folder of its own. */
  const fake = (script: string) => {
    const dir = made(mkdtempSync(join(tmpdir(), 'zinepress-fake-browser-')));
    const path = join(dir, 'chrome');
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it('says why a browser could not start, in its own words, and leaves no profile behind', async () => {
    const path = fake('echo "chrome: error while loading shared libraries: libnss3.so" >&2; exit 127');
    const temp = made(mkdtempSync(join(tmpdir(), 'zinepress-launch-')));
    mkdirSync(join(temp, 'tmp'));
    vi.stubEnv('TMPDIR', join(temp, 'tmp'));
    try {
      await expect(launchBrowser({ path, source: 'option' })).rejects.toThrow(
        new RegExp(`could not start the browser ${path}: it exited \\(127\\) as it started: chrome: error while loading shared libraries: libnss3.so`),
      );
      expect(readdirSync(join(temp, 'tmp'))).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports a browser that closes its end of the pipe before it exits by its exit, in its own words', async () => {
    // The pipe's close reaches puppeteer before the exit reaches Node: the exit is still the reason.
    const path = fake('echo "chrome: cannot open display" >&2; exec 3<&- 4>&-; sleep 0.5; exit 1');
    await expect(launchBrowser({ path, source: 'option' })).rejects.toThrow(new RegExp(`could not start the browser ${path}: it exited \\(1\\) as it started: chrome: cannot open display`));
  });

  it('refuses a file that is not a program, with the fix', async () => {
    const path = join(made(mkdtempSync(join(tmpdir(), 'zinepress-fake-browser-'))), 'chrome');
    writeFileSync(path, 'not a program\n');
    const error = await launchBrowser({ path, source: 'option' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZineError);
    expect((error as ZineError).message).toMatch(/could not start the browser .*: spawn .*EACCES/);
    expect((error as ZineError).hint).toMatch(/apt-get install chromium/);
  });
});
