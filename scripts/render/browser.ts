// Finding a Chromium to render with, and starting it without any network.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { fail } from '../errors.ts';

/** Where a browser was found, for the progress line and error messages. */
export interface FoundBrowser {
  path: string;
  source: 'option' | 'ZINEPRESS_BROWSER' | 'PUPPETEER_EXECUTABLE_PATH' | 'puppeteer cache' | 'system';
}

/** System locations tried last, in order. */
export const systemBrowserPaths = [
  // Debian's headless shell first: the same engine and the same PDFs as chromium, started in a third of the time.
  // Its binary rather than /usr/bin's wrapper, a shell that would stand between zinepress and the browser.
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** How to get a browser, printed whenever none is found. */
export const browserHelp = [
  'Debian/Ubuntu: sudo apt-get install chromium-headless-shell   (or chromium; then build again)',
  'with internet access: npx puppeteer browsers install chrome-headless-shell',
  'or point zinepress at one: --browser /path/to/chrome, or ZINEPRESS_BROWSER=/path/to/chrome',
].join('\n       ');

/**
 * Look for a browser: explicit option, ZINEPRESS_BROWSER, PUPPETEER_EXECUTABLE_PATH,
 * puppeteer's own cache, then the system. An explicit path that does not exist is an
 * error, not a reason to fall back silently.
 */
export function findBrowser(
  explicit?: string,
  { env = process.env, exists = existsSync, puppeteerPaths = puppeteerCachePaths }: {
    env?: NodeJS.ProcessEnv;
    exists?: (path: string) => boolean;
    puppeteerPaths?: () => string[];
  } = {},
): FoundBrowser {
  const named: [FoundBrowser['source'], string | undefined][] = [
    ['option', explicit],
    ['ZINEPRESS_BROWSER', env.ZINEPRESS_BROWSER],
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
  ];
  for (const [source, path] of named) {
    if (!path) continue;
    if (!exists(path)) {
      fail(`the browser given by ${source === 'option' ? '--browser' : source} does not exist: ${path}`, { fix: browserHelp });
    }
    return { path, source };
  }
  const cached = puppeteerPaths().find((path) => exists(path));
  if (cached) return { path: cached, source: 'puppeteer cache' };
  const system = systemBrowserPaths.find((path) => exists(path));
  if (system) return { path: system, source: 'system' };
  fail('no Chromium or Chrome found to render with', { fix: browserHelp });
}

/** Where puppeteer keeps its chrome-headless-shell and its Chrome, once installed. */
function puppeteerCachePaths(): string[] {
  try {
    return [puppeteer.executablePath({ headless: 'shell' }), puppeteer.executablePath()];
  } catch {
    return [];
  }
}

/** Flags that keep Chromium off the network and quiet (docs/rendering.md, section 2). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,NetworkPrediction',
  '--dns-prefetch-disable',
  // Whatever gets past the page's CSP and request interception (a new window,
  // a WebSocket) goes to a proxy that does not exist, loopback included, and no
  // host name resolves. data: URLs and Paged.js need neither.
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--no-pings',
  '--metrics-recording-only',
  '--mute-audio',
  '--font-render-hinting=none',
];

/** A headless shell (puppeteer's chrome-headless-shell, Debian's chromium-headless-shell) is the old headless mode and is started as such; any other browser in the new one. */
export function headlessMode(path: string): 'shell' | true {
  return /(^|[\\/])(chrome|chromium)-headless-shell(\.exe)?$/.test(path) ? 'shell' : true;
}

/** A started browser and its private profile folder, removed on close. */
export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Start Chromium headless with a fresh profile, UTC and a neutral locale (`args` for tests).
 * `protocolTimeout` bounds each call to the browser (puppeteer's default is 180 s): a renderer
 * gives its render timeout, so that laying out a long document in one call is bounded by that
 * alone, and fails with its message.
 */
export async function launchBrowser(found: FoundBrowser, { args = chromiumArgs, protocolTimeout }: { args?: string[]; protocolTimeout?: number } = {}): Promise<RunningBrowser> {
  // One private folder holds the profile and, through TMPDIR, Chromium's own temporary
  // folders (org.chromium.Chromium.*): removing it leaves nothing behind, even after a crash.
  const folder = mkdtempSync(join(tmpdir(), 'zinepress-chromium-'));
  const temp = join(folder, 'tmp');
  mkdirSync(temp);
  const abort = new AbortController();
  let browser: Browser | undefined;
  // Also run on process.exit, which is how the CLI stops at Ctrl-C or SIGTERM; so it is synchronous.
  const cleanUp = () => {
    abort.abort();
    killBrowser(browser);
    removeFolder(folder);
  };
  process.on('exit', cleanUp);
  const removeAll = () => {
    cleanUp();
    process.off('exit', cleanUp);
  };
  try {
    browser = await puppeteer.launch({
      executablePath: found.path,
      headless: headlessMode(found.path),
      args: [...args, `--user-data-dir=${join(folder, 'profile')}`],
      env: { ...process.env, TZ: 'UTC', LANG: 'C.UTF-8', LANGUAGE: '', TMPDIR: temp },
      // Aborted by cleanUp: kills a browser that is still starting.
      signal: abort.signal,
      ...(protocolTimeout === undefined ? {} : { protocolTimeout }),
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    removeAll();
    fail(`could not start the browser ${found.path}: ${(error as Error).message.split('\n')[0]}`, { fix: browserHelp });
  }
  // A window opened by the page (window.open) has no request interception, and the
  // render tab behind it stops laying out until the timeout: close it at once.
  browser.on('targetcreated', (target) => {
    if (target.type() === 'page' && target.opener()) void target.page().then((page) => page?.close()).catch(() => {});
  });
  const started = browser;
  return {
    browser,
    async close() {
      // Nothing of the browser's is kept (its profile is thrown away), so it is killed rather than
      // asked to close: no wait for a shutdown that saves state, and a hung browser goes the same way.
      // Its folder goes once the browser has exited: a dying helper may still be writing there.
      const child = started.process();
      const exited = child && child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined;
      abort.abort();
      killBrowser(started);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      removeAll();
      await started.disconnect().catch(() => {});
    },
  };
}

/**
 * Remove the browser's folder. Chromium's helpers die a moment after the browser, and
 * one may still create a file there: try again a few times, and never fail a build
 * that has done its work over a throw-away profile in the temporary folder.
 */
function removeFolder(folder: string) {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  } catch {
    // Nothing of the zine is in it: only the browser's own profile and caches.
  }
}

/**
 * SIGKILL the browser and every helper it started. puppeteer starts it detached,
 * as the leader of its own process group (so Ctrl-C in a terminal does not reach
 * it): the group outlives a crashed leader, and is killed whole.
 */
function killBrowser(browser: Browser | undefined) {
  const child = browser?.process();
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // No such group (all gone), or not a group leader (Windows): the process alone.
    child.kill('SIGKILL');
  }
}
