// `zinepress watch`: build, then rebuild on every change to what the zines are
// made of (their folders, templates/, styles/), with one browser and one primed
// tab kept warm and the live preview served on loopback. Changes arriving
// together make one rebuild; a change during a rebuild makes exactly one more.
// A rebuild writes what `build` writes, the reading PDF first; one that fails
// prints its problems (and shows them on the preview) and leaves the last good
// outputs as they were.
import { existsSync, readdirSync, readFileSync, statSync, watch as watchFolder, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildCache } from './build.ts';
import { composeCache } from './compose.ts';
import { formatError, formatProblem, usageError, ZineError } from './errors.ts';
import { previewPolicy, type PreviewState } from './preview/pages.ts';
import { startPreview, type PreviewServer } from './preview/server.ts';
import { startRenderer } from './render/renderer.ts';
import { projectRoot, readProjectSources, selectZines } from './sources.ts';

export interface WatchOptions {
  /** Zines of the content folder to watch (at least one). */
  zines: string[];
  contentDir?: string;
  outputDir?: string;
  browserPath?: string;
  timeoutMs?: number;
  /** Port of the preview on 127.0.0.1 (0: any free one); no preview when undefined with `serve: false`. */
  port?: number;
  serve?: boolean;
  /** Forms chosen on the command line (--html). */
  forms?: string[];
  /** Where templates/ and styles/ are (the project folder). */
  projectDir?: string;
  /** Quiet time after a change before rebuilding. */
  debounceMs?: number;
  log?: (line: string) => void;
  /** After each rebuild, good or not (bench, tests). */
  onRebuilt?: (rebuilt: Rebuilt) => void;
  /** As soon as a rebuild's reading PDF is on disk. */
  onReading?: (zine: string) => void;
}

/** What one rebuild did. */
export interface Rebuilt {
  /** The changed paths that caused it, relative to the working folder. */
  changed: string[];
  ok: boolean;
  /** Milliseconds from its start to the reading PDF on disk, and to the end. */
  readingMs?: number;
  ms: number;
  pages?: number;
}

export interface WatchSession {
  /** The preview's address, when serving. */
  url?: string;
  /** Stop watching, close the preview and the browser. */
  close(): Promise<void>;
}

/** The default port of the preview. */
export const defaultPort = 4173;

/** Start watching: the first build is done (good or not) when this resolves. */
export async function startWatch({
  zines: asked,
  contentDir = join(projectRoot, 'content'),
  outputDir = join(projectRoot, 'output'),
  browserPath,
  timeoutMs = 300_000,
  port = defaultPort,
  serve = true,
  forms = [],
  projectDir = projectRoot,
  debounceMs = 25,
  log = () => {},
  onRebuilt,
  onReading,
}: WatchOptions): Promise<WatchSession> {
  if (asked.length === 0) usageError('watch needs the name of a zine (a folder of the content folder)');
  const zines = selectZines(contentDir, asked, { usage: usageError });
  const shown = (path: string) => relative(process.cwd(), path) || path;

  const states = new Map<string, PreviewState>(zines.map((zine) => [zine, { zine, files: previousFiles(join(outputDir, zine)), problems: [], status: 'building…' }]));
  const cache: BuildCache = { compose: composeCache() };
  // The preview listens first: a port in use stops watch before any build.
  const template = readFileSync(join(projectDir, 'templates', 'zine.html'), 'utf8');
  const server: PreviewServer | undefined = serve ? await startPreview({ port, states, outputDir, policy: previewPolicy(template) }) : undefined;
  const renderer = await startRenderer({ browserPath, timeoutMs }).catch(async (error: unknown) => {
    await server?.close();
    throw error;
  });
  const watchers: { close(): void }[] = [];
  let closed = false;

  // Changes: paths gathered until the quiet time passes, then one rebuild of the zines they touch.
  const changed = new Map<string, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const kick = () => {
    if (running || closed || changed.size === 0) return;
    const batch = new Map(changed);
    changed.clear();
    running = rebuild(batch).finally(() => {
      running = undefined;
      // What changed meanwhile: exactly one more rebuild, with all of it.
      kick();
    });
  };
  const onChange = (path: string, zine?: string) => {
    changed.set(path, zine);
    clearTimeout(timer);
    timer = setTimeout(kick, debounceMs);
  };

  const folders: { dir: string; zine?: string }[] = [
    ...zines.map((zine) => ({ dir: join(contentDir, zine), zine })),
    { dir: join(projectDir, 'templates') },
    { dir: join(projectDir, 'styles') },
  ];
  for (const { dir, zine } of folders) {
    if (!existsSync(dir)) continue;
    watchers.push(
      watchTree(
        dir,
        (path) => onChange(path, zine),
        (error) => log(`watch: ${shown(dir)}: ${error.message}`),
      ),
    );
  }

  async function rebuild(batch: Map<string, string | undefined>): Promise<void> {
    const started = performance.now();
    const paths = [...batch.keys()];
    // templates/ or styles/: every zine, with the project's sources read again.
    const project = [...batch.values()].some((zine) => zine === undefined);
    const which = project ? zines : zines.filter((zine) => [...batch.values()].includes(zine));
    let readingMs: number | undefined;
    let pages: number | undefined;
    let ok = true;
    try {
      if (project || !cache.project) cache.project = await readProjectSources(projectDir);
      const manifests = await build({
        zines: which,
        contentDir,
        outputDir,
        renderer,
        forms,
        cache,
        summary: false,
        log,
        onReading: (zine) => {
          readingMs ??= performance.now() - started;
          onReading?.(zine);
        },
        onLaidOut: (zine, laidOut) => void (states.get(zine)!.laidOut = laidOut),
      });
      for (const manifest of manifests) {
        const state = states.get(manifest.zine)!;
        state.files = manifest.files.map((file) => file.name);
        state.problems = [];
        pages = manifest.pages;
        state.status = `${manifest.pages} pages, built at ${new Date().toLocaleTimeString()}`;
      }
    } catch (error) {
      ok = false;
      const problems = error instanceof ZineError ? error.problems.map(formatProblem) : [`error: ${(error as Error).stack ?? error}`];
      for (const zine of which) {
        const state = states.get(zine)!;
        state.problems = problems;
        state.status = `failed at ${new Date().toLocaleTimeString()}`;
      }
      log(error instanceof ZineError ? formatError(error) : `zinepress: unexpected failure: ${(error as Error).stack ?? error}`);
    }
    const ms = performance.now() - started;
    // An editor's temporary file, written then renamed over the source, is gone by now: name the
    // files that are there, or, when none is, what was deleted.
    const present = paths.filter((path) => existsSync(path));
    const named = present.length > 0 ? present : paths;
    const what = named.length === 0 ? 'first build' : `${named.slice(0, 3).map(shown).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}`;
    log(
      ok
        ? `${what}: ${which.length > 1 ? `${which.length} zines` : `${pages} pages`}, reading PDF in ${Math.round(readingMs ?? ms)} ms, all outputs in ${Math.round(ms)} ms`
        : `${what}: not built; the last good outputs stay`,
    );
    server?.notify();
    onRebuilt?.({ changed: paths, ok, readingMs, ms, pages });
  }

  try {
    running = rebuild(new Map()).finally(() => (running = undefined));
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  kick();

  async function stop() {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    await running?.catch(() => {});
    await server?.close();
    await renderer.close();
  }
  return { url: server?.url, close: stop };
}

/** Editors' swap and backup files, and hidden files, are not sources. */
const ignored = (name: string) => name.startsWith('.') || /~$|\.swp$|\.swx$|^4913$/.test(name);

/**
 * Watch a folder and its subfolders, one inotify watch per folder (Node 20's
 * recursive fs.watch polls files on Linux): `onChange` gets each changed path;
 * a folder that appears is watched too.
 */
export function watchTree(root: string, onChange: (path: string) => void, onError: (error: Error) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string) => {
    if (watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watchFolder(dir, (_event, name) => {
        const file = name?.toString();
        if (!file || ignored(file)) return;
        const path = join(dir, file);
        if (isFolder(path)) add(path);
        onChange(path);
      });
    } catch (error) {
      return onError(error as Error);
    }
    watcher.on('error', (error) => {
      // A folder removed: its watch ends, its parent's reports the removal.
      watcher.close();
      watchers.delete(dir);
      if (existsSync(dir)) onError(error);
    });
    watchers.set(dir, watcher);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !ignored(entry.name)) add(join(dir, entry.name));
    }
  };
  add(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The files of a previous build, from its manifest (none when there is none). */
function previousFiles(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files?: { name: string }[] };
    return (manifest.files ?? []).map((file) => file.name).filter((name) => typeof name === 'string');
  } catch {
    return [];
  }
}

/** `zinepress watch`: runs until the process is stopped (Ctrl-C: cli.ts stoppable). */
export async function watch(options: WatchOptions): Promise<never> {
  const log = options.log ?? (() => {});
  const session = await startWatch(options);
  if (session.url) log(`preview: ${session.url}  (Ctrl-C to stop)`);
  return new Promise<never>(() => {});
}
