// What `npm install` does to get a browser: find one; else Debian's chromium with
// apt (root on Debian); else puppeteer's chrome-headless-shell; else say how.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Browser, Cache, computeExecutablePath, detectBrowserPlatform, getDownloadUrl } from '@puppeteer/browsers';
import puppeteer from 'puppeteer';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fail } from '../../scripts/errors.ts';
import type { FoundBrowser } from '../../scripts/render/browser.ts';
import { downloadPuppeteerBrowser, puppeteerDownloadTarget, setupBrowser, type DownloadTarget } from '../../scripts/render/setup.ts';

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
      ? async () => {
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
  it('uses a browser already there and installs nothing', async () => {
    const m = machine({ has: true, apt: true, download: true });
    expect((await m.run())?.path).toBe('/usr/bin/chromium');
    expect(m.taken).toEqual(['find']);
    expect(m.log.join('\n')).toMatch(/rendering with \/usr\/bin\/chromium \(system\)/);
  });

  it("installs Debian's chromium first when it can, and downloads nothing", async () => {
    const m = machine({ apt: true, aptWorks: true, download: true, downloadWorks: true });
    expect((await m.run())?.path).toBe('/usr/bin/chromium');
    expect(m.taken).toEqual(['find', 'apt', 'find']);
  });

  it("downloads puppeteer's browser where apt is not available or did not work", async () => {
    for (const apt of [false, true]) {
      const m = machine({ apt, aptWorks: false, download: true, downloadWorks: true });
      expect(await m.run()).toEqual({ path: '/root/.cache/puppeteer/chrome-headless-shell', source: 'puppeteer cache' });
      expect(m.taken).toEqual(apt ? ['find', 'apt', 'find', 'download', 'find'] : ['find', 'download', 'find']);
    }
  });

  it('when nothing works, says why the download failed and how to get a browser, without failing the install', async () => {
    const m = machine({ apt: false, download: true, downloadWorks: false });
    expect(await m.run()).toBeUndefined();
    const said = m.log.join('\n');
    expect(said).toMatch(/the download failed: getaddrinfo ENOTFOUND storage\.googleapis\.com/);
    expect(said).toMatch(/apt-get install chromium/);
    expect(said).toMatch(/ZINEPRESS_BROWSER=/);
  });

});

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A fresh cache folder (removed after the tests) and the pinned build, from `baseUrl`. */
function target(baseUrl: string): DownloadTarget {
  const folder = mkdtempSync(join(tmpdir(), 'zinepress-setup-'));
  folders.push(folder);
  return { buildId: puppeteerDownloadTarget().buildId, cacheDir: join(folder, 'cache'), baseUrl };
}

/** A loopback HTTP server, listening; `handle` answers each request. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** CRC-32 as zip files use it. */
function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A zip archive of one stored (uncompressed) executable file. */
function zipOf(name: string, content: Buffer): Buffer {
  const file = Buffer.from(name);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix, so the mode below counts
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + content.length, 16);
  return Buffer.concat([local, file, content, central, file, end]);
}

describe('downloadPuppeteerBrowser', () => {
  it('downloads where puppeteer.executablePath looks: its pinned build, in its cache', () => {
    const { buildId, cacheDir } = puppeteerDownloadTarget();
    expect(computeExecutablePath({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir })).toBe(puppeteer.executablePath({ headless: 'shell' }));
  });

  it('takes the mirror from PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL and the cache from PUPPETEER_CACHE_DIR', () => {
    vi.stubEnv('PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL', 'http://mirror.invalid/cft');
    vi.stubEnv('PUPPETEER_CACHE_DIR', '/nowhere/cache');
    try {
      expect(puppeteerDownloadTarget()).toMatchObject({ baseUrl: 'http://mirror.invalid/cft', cacheDir: '/nowhere/cache' });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('installs the archive a mirror serves at the path puppeteer computes, and keeps no archive', async () => {
    const platform = detectBrowserPlatform();
    if (!platform) return;
    const requests: string[] = [];
    const mirror = await serve((request, response) => {
      requests.push(request.url ?? '');
      response.end(zip);
    });
    const into = target(`${mirror.url}/cft`);
    const executable = computeExecutablePath({ browser: Browser.CHROMEHEADLESSSHELL, platform, buildId: into.buildId, cacheDir: into.cacheDir });
    const folder = new Cache(into.cacheDir).installationDir(Browser.CHROMEHEADLESSSHELL, platform, into.buildId);
    const zip = zipOf(relative(folder, executable), Buffer.from('#!/bin/sh\necho fake chrome-headless-shell\n'));
    try {
      expect(await downloadPuppeteerBrowser(into, { timeoutMs: 30_000 })).toBeUndefined();
      expect(requests).toEqual([getDownloadUrl(Browser.CHROMEHEADLESSSHELL, platform, into.buildId, into.baseUrl).pathname]);
      expect(readFileSync(executable, 'utf8')).toMatch(/fake chrome-headless-shell/);
      // No archive left behind next to the installed browser.
      expect(readdirSync(new Cache(into.cacheDir).browserRoot(Browser.CHROMEHEADLESSSHELL))).toEqual([relative(new Cache(into.cacheDir).browserRoot(Browser.CHROMEHEADLESSSHELL), folder)]);
    } finally {
      await mirror.close();
    }
  }, 40_000);

  it('gives up on a mirror that never answers at the time bound, and leaves nothing half-done', async () => {
    const stalled = await serve((_request, response) => {
      // Headers and the start of the archive, then nothing more.
      response.writeHead(200, { 'content-length': '1000000' });
      response.write(Buffer.alloc(1000));
    });
    const into = target(stalled.url);
    const started = performance.now();
    try {
      expect(await downloadPuppeteerBrowser(into, { timeoutMs: 1500 })).toMatch(/^unfinished after 2 s, from http:\/\/127\.0\.0\.1:/);
      expect(performance.now() - started).toBeLessThan(10_000);
      const root = new Cache(into.cacheDir).browserRoot(Browser.CHROMEHEADLESSSHELL);
      expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
    } finally {
      await stalled.close();
    }
  }, 20_000);

  it('offline, fails in one line instead of hanging or throwing', async () => {
    const started = performance.now();
    const reason = await downloadPuppeteerBrowser(target('http://127.0.0.1:9'), { timeoutMs: 30_000 });
    expect(reason).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(reason).not.toMatch(/\n/);
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 40_000);
});
