// Watching the Chromium that one spawned zinepress starts: its processes and profile folder.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/sources.ts';

/** A Chromium process seen under the zinepress process. */
export interface SeenChromium {
  pid: number;
  /** The browser itself, not a renderer, GPU or zygote helper. */
  main: boolean;
  /** A renderer: the browser has a page open, so the document is being laid out. */
  renderer: boolean;
  /** Its --user-data-dir, the /tmp/zinepress-chromium-* profile. */
  profile?: string;
}

/** Every process: pid, parent pid, command line. */
function processTable(): { pid: number; ppid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** Chromium processes descended from `root` now. */
export function chromiumUnder(root: number): SeenChromium[] {
  const table = processTable();
  const family = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of table) if (family.has(entry.ppid) && !family.has(entry.pid)) family.add(entry.pid), (grew = true);
  }
  return table
    // The browser carries the profile in its arguments; its helpers (renderers, zygotes) only their --type.
    .filter((entry) => family.has(entry.pid) && (entry.args.includes('zinepress-chromium-') || /chrom.*--type=/.test(entry.args)))
    .map((entry) => ({ pid: entry.pid, main: !entry.args.includes('--type=') && entry.args.includes('zinepress-chromium-'), renderer: entry.args.includes('--type=renderer'), profile: /--user-data-dir=(\S+)/.exec(entry.args)?.[1] }));
}

/** Whether a process is alive (and not a zombie waiting for its parent). */
export function alive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}

export interface Run {
  status: number | null;
  stderr: string;
  /** Every Chromium process seen while it ran. */
  seen: SeenChromium[];
}

/**
 * Spawn `zinepress build …`, watching its Chromium every 50 ms; `onChromium`
 * is called with the processes (and zinepress) on each look while any is there.
 * `ownGroup` makes zinepress lead a process group, as a shell's job does, so that
 * a test can send it Ctrl-C's SIGINT (`process.kill(-child.pid, 'SIGINT')`).
 */
export function zinepress(
  args: string[],
  onChromium?: (processes: SeenChromium[], child: ChildProcess, stderr: string) => void,
  { env, ownGroup = false }: { env?: NodeJS.ProcessEnv; ownGroup?: boolean } = {},
): Promise<Run> {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'zinepress.js'), 'build', ...args], { cwd: projectRoot, env: env ?? process.env, detached: ownGroup });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const seen = new Map<number, SeenChromium>();
  const watch = setInterval(() => {
    const now = chromiumUnder(child.pid!);
    for (const entry of now) seen.set(entry.pid, entry);
    if (now.length > 0) onChromium?.(now, child, stderr);
  }, 50);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearInterval(watch);
      resolve({ status, stderr, seen: [...seen.values()] });
    });
  });
}
