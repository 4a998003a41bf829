// Finding a Chromium to render with, and starting it without any network.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport, PuppeteerNode } from 'puppeteer-core';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { getConfiguration } from 'puppeteer/internal/getConfiguration.js';
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

const loadPackage = createRequire(import.meta.url);

/**
 * Where puppeteer keeps its chrome-headless-shell and its Chrome once installed: what
 * `puppeteer.executablePath({ headless: 'shell' })` and `puppeteer.executablePath()` answer
 * (a configured path, else its pinned build in its cache), computed from the same
 * configuration (environment, .puppeteerrc) without loading puppeteer itself, which
 * takes longer than starting the browser (tests/render/browser.test.ts compares the two).
 */
export function puppeteerCachePaths(): string[] {
  try {
    const configuration = getConfiguration();
    if (configuration.executablePath) return [configuration.executablePath];
    // getConfiguration always fills the cache in; the type leaves it optional for puppeteer-core.
    const cacheDir = configuration.cacheDirectory ?? join(homedir(), '.cache', 'puppeteer');
    // No cache, no browser in it: the package that knows its layout is loaded only when there is one.
    if (!existsSync(cacheDir)) return [];
    const { Browser: InstalledBrowser, computeExecutablePath } = loadPackage('@puppeteer/browsers') as typeof import('@puppeteer/browsers');
    const buildId = configuration.chrome?.version ?? PUPPETEER_REVISIONS.chrome;
    return [InstalledBrowser.CHROMEHEADLESSSHELL, InstalledBrowser.CHROME].map((browser) => computeExecutablePath({ browser, buildId, cacheDir }));
  } catch {
    return [];
  }
}

/** Flags that keep Chromium off the network and quiet (docs/rendering.md, section 2). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  // Chromium's GPU process (here, software compositing) as a thread of the browser's: one
  // process fewer, about 10 MB less at a build's peak, the same PDFs and pictures.
  '--in-process-gpu',
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

/**
 * The flags puppeteer.launch adds to a caller's (its defaultArgs, puppeteer 24): how it
 * makes Chromium quiet and repeatable, and what page.pdf relies on (tagged PDFs, the
 * outline, the sRGB profile). zinepress starts the browser itself, before puppeteer has
 * loaded, with these; tests/render/browser.test.ts checks them against puppeteer's own.
 */
const puppeteerDefaults = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--password-store=basic',
  '--use-mock-keychain',
  '--hide-scrollbars',
];

/**
 * Features puppeteer turns off and on, merged with those `args` name into the one
 * --disable-features and the one --enable-features Chromium reads (it keeps the last of each).
 */
const puppeteerFeatures = {
  disable: ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes'],
  enable: ['PdfOopif'],
};

/**
 * The command line of a browser at `path` with its profile in `profile`: `args`, puppeteer's
 * defaults, the headless mode, one --disable-features, and the DevTools protocol on a pipe
 * (file descriptors 3 and 4: no port opened, not even on loopback).
 */
export function launchArguments(path: string, profile: string, args: string[] = chromiumArgs): string[] {
  const isFeatures = (arg: string) => /^--(disable|enable)-features=/.test(arg);
  const features = (kind: keyof typeof puppeteerFeatures) => {
    const named = args.filter((arg) => arg.startsWith(`--${kind}-features=`)).flatMap((arg) => arg.slice(`--${kind}-features=`.length).split(','));
    return `--${kind}-features=${[...new Set([...puppeteerFeatures[kind], ...named])].join(',')}`;
  };
  const flags = [
    ...puppeteerDefaults,
    ...args.filter((arg) => !isFeatures(arg)),
    features('disable'),
    features('enable'),
    headlessMode(path) === 'shell' ? '--headless' : '--headless=new',
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
  ];
  return [...new Set(flags), 'about:blank'];
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
 *
 * The browser is started at once, by this function, and puppeteer is loaded while it starts:
 * the two no longer wait for each other (docs/rendering.md, section 2). puppeteer then drives
 * it over the pipe.
 */
export async function launchBrowser(found: FoundBrowser, { args = chromiumArgs, protocolTimeout }: { args?: string[]; protocolTimeout?: number } = {}): Promise<RunningBrowser> {
  // One private folder holds the profile and, through TMPDIR, Chromium's own temporary
  // folders (org.chromium.Chromium.*): removing it leaves nothing behind, even after a crash.
  const folder = mkdtempSync(join(tmpdir(), 'zinepress-chromium-'));
  let child: ChildProcess | undefined;
  // Also run on process.exit, which is how the CLI stops at Ctrl-C or SIGTERM; so it is synchronous.
  const cleanUp = () => {
    if (child) killBrowser(child);
    removeFolder(folder);
  };
  process.on('exit', cleanUp);
  const removeAll = () => {
    cleanUp();
    process.off('exit', cleanUp);
  };
  /** Kill the browser, and remove its folder once it has exited (a dying helper may still write there) or after 2 s. */
  const stop = async () => {
    const running = child && child.exitCode === null && child.signalCode === null;
    if (child) killBrowser(child);
    if (running) await Promise.race([new Promise((resolve) => child!.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    removeAll();
  };
  let browser: Browser;
  let timer: NodeJS.Timeout | undefined;
  try {
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    // Detached: the leader of its own process group, so that Ctrl-C in a terminal does not reach it
    // and killBrowser takes its helpers with it. Its output is read (the last lines name why it
    // could not start) and never shown.
    const started = spawn(found.path, launchArguments(found.path, join(folder, 'profile'), args), {
      detached: process.platform !== 'win32',
      env: { ...process.env, TZ: 'UTC', LANG: 'C.UTF-8', LANGUAGE: '', TMPDIR: temp },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    child = started;
    const said = lastLines(started.stderr);
    const lastWords = () => (said().length > 0 ? `: ${said().join(' ')}` : '');
    // What ends a start: the binary missing or refused, the process gone, or 30 s of silence (puppeteer's own limit).
    const stopped = new Promise<never>((_, reject) => {
      started.once('error', reject);
      started.once('exit', (code, signal) => {
        // With what it said last: its stderr may still hold a line when it exits. The end of
        // stderr comes with the exit, unless a helper it started holds it open: then 1 s at most,
        // a margin for a loaded machine.
        const report = () => reject(new Error(`it exited (${signal ?? code}) as it started${lastWords()}`));
        if (!started.stderr || started.stderr.readableEnded) report();
        else {
          started.stderr.once('end', report);
          setTimeout(report, 1000).unref();
        }
      });
      timer = setTimeout(() => reject(new Error(`it did not answer within 30 s${lastWords()}`)), 30_000);
    });
    stopped.catch(() => {});
    // The part of puppeteer that connects to a running browser, without its launchers: a few
    // hundredths of a second to load where the whole package takes a few tenths.
    // Its types are those of puppeteer-core's own sources, the same classes as the package's.
    const puppeteer = (await Promise.race([import('puppeteer-core/internal/puppeteer-core-browser.js'), stopped])).default as unknown as Pick<PuppeteerNode, 'connect'>;
    browser = await Promise.race([
      puppeteer.connect({ transport: pipeTransport(started.stdio[3] as Writable, started.stdio[4] as Readable), ...(protocolTimeout === undefined ? {} : { protocolTimeout }) }),
      stopped,
    ]);
    // As puppeteer.launch does: the tab the browser opens at start is there before anything uses it.
    await Promise.race([browser.waitForTarget((target) => target.type() === 'page', { timeout: 0 }), stopped]);
  } catch (error) {
    await stop();
    fail(`could not start the browser ${found.path}: ${(error as Error).message.split('\n')[0]}`, { fix: browserHelp });
  } finally {
    clearTimeout(timer);
  }
  // A window opened by the page (window.open) has no request interception, and the
  // render tab behind it stops laying out until the timeout: close it at once.
  browser.on('targetcreated', (target) => {
    if (target.type() === 'page' && target.opener()) void target.page().then((page) => page?.close()).catch(() => {});
  });
  return {
    browser,
    async close() {
      // Nothing of the browser's is kept (its profile is thrown away), so it is killed rather than
      // asked to close: no wait for a shutdown that saves state, and a hung browser goes the same way.
      await stop();
      await browser.disconnect().catch(() => {});
    },
  };
}

/**
 * puppeteer's end of the DevTools pipe: JSON messages, each ended by a NUL byte, as
 * puppeteer's own pipe transport reads and writes them (each message handed on in a
 * task of its own, as there).
 */
function pipeTransport(write: Writable, read: Readable): ConnectionTransport {
  let pending: Buffer[] = [];
  let closed = false;
  const transport: ConnectionTransport = {
    send(message) {
      if (closed) return;
      write.write(message);
      write.write('\0');
    },
    close() {
      closed = true;
    },
  };
  read.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      const message = Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8');
      pending = [];
      setImmediate(() => {
        if (!closed) transport.onmessage?.(message);
      });
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  read.on('close', () => setImmediate(() => transport.onclose?.()));
  // A browser that dies closes the pipe: the close above says so; the errors say nothing more.
  read.on('error', () => {});
  write.on('error', () => {});
  return transport;
}

/** The last lines a stream wrote, kept as it writes them (and read, so that it never blocks on a full pipe). */
function lastLines(stream: Readable | null, keep = 5): () => string[] {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-4000);
  });
  stream?.on('error', () => {});
  return () => text.split('\n').map((line) => line.trim()).filter(Boolean).slice(-keep);
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
 * SIGKILL the browser and every helper it started. launchBrowser starts it detached,
 * as the leader of its own process group (so Ctrl-C in a terminal does not reach
 * it): the group outlives a crashed leader, and is killed whole.
 */
function killBrowser(child: ChildProcess) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // No such group (all gone), or not a group leader (Windows): the process alone.
    child.kill('SIGKILL');
  }
}
