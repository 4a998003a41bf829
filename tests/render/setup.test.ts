// What `npm install` does to get a browser: find one; else Debian's chromium with
// apt (root on Debian); else puppeteer's chrome-headless-shell; else say how.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fail } from '../../scripts/errors.ts';
import type { FoundBrowser } from '../../scripts/render/browser.ts';
import { downloadPuppeteerBrowser, setupBrowser } from '../../scripts/render/setup.ts';

/** A machine with a browser or none, apt and a network or not; records every step taken. */
function machine(options: { has?: boolean; apt?: boolean; aptWorks?: boolean; download?: boolean; downloadWorks?: boolean }) {
  const taken: string[] = [];
  const log: string[] = [];
  let browser: FoundBrowser | undefined = options.has ? { path: '/usr/bin/chromium', source: 'system' } : undefined;
  const steps = {
    find: () => {
      taken.push('find');
      if (!browser) fail('no Chromium or Chrome found to render with');
      return browser;
    },
    aptInstall: options.apt
      ? () => {
          taken.push('apt');
          if (options.aptWorks) browser = { path: '/usr/bin/chromium', source: 'system' };
        }
      : undefined,
    download: options.download
      ? () => {
          taken.push('download');
          if (!options.downloadWorks) return 'getaddrinfo ENOTFOUND storage.googleapis.com';
          browser = { path: '/root/.cache/puppeteer/chrome-headless-shell', source: 'puppeteer cache' };
          return undefined;
        }
      : undefined,
  };
  return { taken, log, run: () => setupBrowser((line) => log.push(line), steps) };
}

describe('setupBrowser', () => {
  it('uses a browser already there and installs nothing', () => {
    const m = machine({ has: true, apt: true, download: true });
    expect(m.run()?.path).toBe('/usr/bin/chromium');
    expect(m.taken).toEqual(['find']);
    expect(m.log.join('\n')).toMatch(/rendering with \/usr\/bin\/chromium \(system\)/);
  });

  it("installs Debian's chromium first when it can, and downloads nothing", () => {
    const m = machine({ apt: true, aptWorks: true, download: true, downloadWorks: true });
    expect(m.run()?.path).toBe('/usr/bin/chromium');
    expect(m.taken).toEqual(['find', 'apt', 'find']);
  });

  it("downloads puppeteer's browser where apt is not available or did not work", () => {
    for (const apt of [false, true]) {
      const m = machine({ apt, aptWorks: false, download: true, downloadWorks: true });
      expect(m.run()).toEqual({ path: '/root/.cache/puppeteer/chrome-headless-shell', source: 'puppeteer cache' });
      expect(m.taken).toEqual(apt ? ['find', 'apt', 'find', 'download', 'find'] : ['find', 'download', 'find']);
    }
  });

  it('when nothing works, says why the download failed and how to get a browser, without failing the install', () => {
    const m = machine({ apt: false, download: true, downloadWorks: false });
    expect(m.run()).toBeUndefined();
    const said = m.log.join('\n');
    expect(said).toMatch(/the download failed: getaddrinfo ENOTFOUND storage\.googleapis\.com/);
    expect(said).toMatch(/apt-get install chromium/);
    expect(said).toMatch(/ZINEPRESS_BROWSER=/);
  });

  it("puppeteer's installer, offline, fails in one line instead of hanging or throwing", () => {
    const home = mkdtempSync(join(tmpdir(), 'zinepress-setup-home-'));
    const started = performance.now();
    const reason = downloadPuppeteerBrowser({ ...process.env, HOME: home, PUPPETEER_CACHE_DIR: join(home, 'cache'), PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9' });
    expect(reason).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(reason).not.toMatch(/\n/);
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 40_000);
});
