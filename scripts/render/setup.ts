// Make sure a browser is there after `npm install`: find one; on Debian as root
// install Debian's chromium-headless-shell; else download puppeteer's chrome-headless-shell where
// the internet is reachable; else say exactly how to get one. Never at build time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Browser, Cache, computeExecutablePath, detectBrowserPlatform } from '@puppeteer/browsers';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { getConfiguration } from 'puppeteer/internal/getConfiguration.js';
import { ZineError } from '../errors.ts';
import { browserHelp, findBrowser, type FoundBrowser } from './browser.ts';

/** The ways of getting a browser, replaceable in tests. */
export interface SetupSteps {
  find(): FoundBrowser;
  /** Install Debian's chromium-headless-shell with apt-get; undefined when this is not a Debian machine run as root. */
  aptInstall?: () => void;
  /** Download puppeteer's browser; resolves to why it failed, or undefined when it worked. */
  download?: () => Promise<string | undefined>;
}

/** Find a browser or provision one; never fails an install. */
export async function setupBrowser(log: (line: string) => void, steps: SetupSteps = machineSteps()): Promise<FoundBrowser | undefined> {
  const attempt = (): FoundBrowser | undefined => {
    try {
      return steps.find();
    } catch (error) {
      if (!(error instanceof ZineError) || process.env.ZINEPRESS_BROWSER) throw error;
      return undefined;
    }
  };
  try {
    let found = attempt();
    if (!found && steps.aptInstall) {
      log("zinepress: no browser found; installing Debian's chromium-headless-shell with apt-get (once)");
      steps.aptInstall();
      found = attempt();
    }
    if (!found && steps.download) {
      log("zinepress: no browser found; downloading puppeteer's chrome-headless-shell (about 100 MB, once)");
      const failure = await steps.download();
      if (failure) log(`zinepress: the download failed: ${failure}`);
      found = attempt();
    }
    if (found) {
      log(`zinepress: rendering with ${found.path} (${found.source})`);
      return found;
    }
  } catch (error) {
    log(`zinepress: ${(error as Error).message}`);
    return undefined;
  }
  log(`zinepress: no Chromium or Chrome found; \`npm run build\` needs one. To get one:\n       ${browserHelp}`);
  return undefined;
}

/** The real steps on this machine: apt only as root on Debian, download unless PUPPETEER_SKIP_DOWNLOAD is set. */
function machineSteps(): SetupSteps {
  const steps: SetupSteps = { find: () => findBrowser() };
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    steps.aptInstall = () => {
      const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (apt(['install', '-y', '-q', 'chromium-headless-shell']).status !== 0) {
        apt(['update', '-q']);
        apt(['install', '-y', '-q', 'chromium-headless-shell']);
      }
    };
  }
  if (!process.env.PUPPETEER_SKIP_DOWNLOAD) steps.download = () => downloadPuppeteerBrowser();
  return steps;
}

/** Which chrome-headless-shell to download, into which cache, from where. */
export interface DownloadTarget {
  buildId: string;
  cacheDir: string;
  /** A mirror of https://storage.googleapis.com/chrome-for-testing-public; that when undefined. */
  baseUrl?: string;
}

/**
 * puppeteer's own choice, as its installer makes it: the build it pins and the cache it
 * looks in (PUPPETEER_CACHE_DIR, a .puppeteerrc, or ~/.cache/puppeteer), from the mirror in
 * PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL when set.
 */
export function puppeteerDownloadTarget(): DownloadTarget {
  // The same reading of the environment and .puppeteerrc as puppeteer.executablePath() makes,
  // so that findBrowser finds the download in puppeteer's cache.
  const configuration = getConfiguration();
  const shell = configuration['chrome-headless-shell'];
  return {
    buildId: shell?.version ?? PUPPETEER_REVISIONS['chrome-headless-shell'],
    // getConfiguration always fills it in; the type leaves it optional for puppeteer-core.
    cacheDir: configuration.cacheDirectory ?? join(homedir(), '.cache', 'puppeteer'),
    // Read here too: the repository's .puppeteerrc (skipDownload, so that puppeteer's own
    // install script downloads nothing) makes puppeteer drop its download settings.
    baseUrl: process.env.PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL || shell?.downloadBaseUrl,
  };
}

// Runs @puppeteer/browsers' install() in a worker thread. install() takes no abort signal,
// and a stalled download left in the main thread would keep `npm install` waiting for ever:
// terminating the worker is what makes the time bound real. A data: URL cannot resolve
// package names, hence createRequire from this file.
const installer = `
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
const { install, Browser } = createRequire(workerData.from)('@puppeteer/browsers');
const { buildId, cacheDir, baseUrl } = workerData.target;
install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, baseUrl }).then(
  (installed) => parentPort.postMessage({ path: installed.executablePath }),
  (error) => parentPort.postMessage({ error: String(error?.message ?? error) }),
);
`;

/** What the installer thread reports. */
type InstallerReport = { path: string; error?: undefined } | { error: string };

/**
 * Download puppeteer's chrome-headless-shell with @puppeteer/browsers, ten minutes at most
 * (`timeoutMs` for tests); resolves to why it failed, in one line, or undefined when it worked.
 */
export async function downloadPuppeteerBrowser(target: DownloadTarget = puppeteerDownloadTarget(), { timeoutMs = 600_000 } = {}): Promise<string | undefined> {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(installer)}`), { workerData: { from: import.meta.url, target } });
  let timer: NodeJS.Timeout | undefined;
  const failure = await new Promise<string | undefined>((resolve) => {
    timer = setTimeout(() => resolve(`unfinished after ${Math.round(timeoutMs / 1000)} s, from ${target.baseUrl ?? 'storage.googleapis.com'}`), timeoutMs);
    worker.once('message', (report: InstallerReport) => resolve(report.error === undefined ? undefined : oneLine(report.error)));
    worker.once('error', (error) => resolve(oneLine(error.message)));
    worker.once('exit', (code) => resolve(`the installer stopped with exit code ${code}`));
  });
  clearTimeout(timer);
  await worker.terminate();
  try {
    if (failure) removePartialDownload(target);
  } catch {
    // Why the download failed is the news; a leftover that cannot be removed is not.
  }
  return failure;
}

/** install() gives every provider's failure on its own line: keep the reasons, in one line. */
function oneLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const reasons = lines.filter((line) => line.startsWith('- ')).map((line) => line.replace(/^- \w+: /, ''));
  return (reasons.length > 0 ? reasons.join('; ') : lines[0]) ?? 'unknown error';
}

/**
 * A download stopped half-way leaves an archive that the next install() would unpack as it
 * is, or a folder without the browser that it refuses to install over: remove both.
 */
function removePartialDownload({ buildId, cacheDir }: DownloadTarget): void {
  const platform = detectBrowserPlatform();
  if (!platform) return;
  const browser = Browser.CHROMEHEADLESSSHELL;
  const cache = new Cache(cacheDir);
  const folder = cache.installationDir(browser, platform, buildId);
  if (existsSync(folder) && !existsSync(computeExecutablePath({ browser, buildId, cacheDir, platform }))) rmSync(folder, { recursive: true, force: true });
  const root = cache.browserRoot(browser);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    // install() names the archive `${buildId}-${file name}`.
    if (name.startsWith(`${buildId}-`) && name.endsWith('.zip')) rmSync(join(root, name), { force: true });
  }
}
