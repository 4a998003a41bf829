import { describe, expect, it } from 'vitest';
import { findBrowser, headlessMode, systemBrowserPaths } from '../../scripts/render/browser.ts';
import { ZineError } from '../../scripts/errors.ts';

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
