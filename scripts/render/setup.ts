// Make sure a browser is there after `npm install`: find one, or on Debian as
// root install Debian's chromium, or else say exactly how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BuildError } from '../errors.ts';
import { browserHelp, findBrowser, type FoundBrowser } from './browser.ts';

/** Find a browser or provision Debian's chromium; never fails an install. */
export function setupBrowser(log: (line: string) => void, { find = () => findBrowser() } = {}): FoundBrowser | undefined {
  try {
    const found = find();
    log(`zinepress: rendering with ${found.path} (${found.source})`);
    return found;
  } catch (error) {
    if (!(error instanceof BuildError) || process.env.ZINEPRESS_BROWSER) {
      log(`zinepress: ${(error as Error).message}`);
      return undefined;
    }
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    log('zinepress: no browser found; installing Debian\'s chromium with apt-get (once)');
    const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (apt(['install', '-y', '-q', 'chromium']).status !== 0) {
      apt(['update', '-q']);
      apt(['install', '-y', '-q', 'chromium']);
    }
    try {
      const found = find();
      log(`zinepress: rendering with ${found.path}`);
      return found;
    } catch {
      // fall through to the instructions
    }
  }
  log(`zinepress: no Chromium or Chrome found; \`npm run build\` needs one. To get one:\n       ${browserHelp}`);
  return undefined;
}
