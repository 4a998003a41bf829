// Make sure a browser is there after `npm install`: find one; on Debian as root
// install Debian's chromium; else download puppeteer's chrome-headless-shell where
// the internet is reachable; else say exactly how to get one. Never at build time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ZineError } from '../errors.ts';
import { browserHelp, findBrowser, type FoundBrowser } from './browser.ts';

/** The ways of getting a browser, replaceable in tests. */
export interface SetupSteps {
  find(): FoundBrowser;
  /** Install Debian's chromium with apt-get; undefined when this is not a Debian machine run as root. */
  aptInstall?: () => void;
  /** Download puppeteer's browser; returns why it failed, or undefined when it worked. */
  download?: () => string | undefined;
}

/** Find a browser or provision one; never fails an install. */
export function setupBrowser(log: (line: string) => void, steps: SetupSteps = machineSteps()): FoundBrowser | undefined {
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
      log("zinepress: no browser found; installing Debian's chromium with apt-get (once)");
      steps.aptInstall();
      found = attempt();
    }
    if (!found && steps.download) {
      log("zinepress: no browser found; downloading puppeteer's chrome-headless-shell (about 100 MB, once)");
      const failure = steps.download();
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
      if (apt(['install', '-y', '-q', 'chromium']).status !== 0) {
        apt(['update', '-q']);
        apt(['install', '-y', '-q', 'chromium']);
      }
    };
  }
  if (!process.env.PUPPETEER_SKIP_DOWNLOAD) steps.download = () => downloadPuppeteerBrowser();
  return steps;
}

/**
 * puppeteer's own installer, pinned to the version puppeteer was tested with, from
 * PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL when set (a mirror); ten minutes at most.
 */
export function downloadPuppeteerBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cli = createRequire(import.meta.url).resolve('puppeteer/lib/cjs/puppeteer/node/cli.js');
  const mirror = env.PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL;
  const args = [cli, 'browsers', 'install', 'chrome-headless-shell', ...(mirror ? ['--base-url', mirror] : [])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000, env });
  if (run.status === 0) return undefined;
  if (run.error) return run.error.message;
  const lines = `${run.stderr}\n${run.stdout}`.split('\n').map((line) => line.trim());
  const reason = lines.find((line) => /^- \w+Provider: /.test(line)) ?? lines.find((line) => /^Error: /.test(line));
  return reason ? reason.replace(/^- \w+Provider: |^Error: /, '') : `exit ${run.status}`;
}
