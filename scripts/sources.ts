// The sources stage: what a build reads. The project's template and styles, and
// each zine's folder: index.md (bounded, decoded, refused when it is not a plain
// file) and the fingerprint of every file in the folder. Problems name the file.
import { createHash } from 'node:crypto';
import { constants, existsSync, readdirSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from './errors.ts';
import { canonicalTag } from './languages.ts';
import { decodeSource } from './markdown/source.ts';
import { inlineFontImports } from './template.ts';
import { trimCss, type TrimSize } from './trims.ts';

/**
 * The project folder, where content/, templates/ and styles/ live: the nearest folder
 * above this module with a package.json (scripts/ when run from the sources, a
 * compiled chunk in dist/ otherwise).
 */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The template and print CSS every zine is composed with. */
export interface ProjectSources {
  template: string;
  /** fonts.css, its fonts inlined: a style sheet of its own, which Paged.js leaves alone. */
  fonts: string;
  /** theme.css + the trim's geometry and typography + base.css, then a rendition's stylesheet (phone.css…). */
  styles(trim: TrimSize, stylesheet?: string): Promise<string>;
}

/** One zine folder as read from disk: the original, and its translations beside it. */
export interface ZineSources {
  name: string;
  dir: string;
  /** index.md (or index.<lang>.md) as shown in messages (relative to the working folder). */
  indexPath: string;
  /** The file decoded. */
  source: string;
  /**
   * sha256 of the folder's files (see fingerprintSources): the original's leaves out the
   * translations; a translation's has the original, itself and the images, not the other translations.
   */
  fingerprint: string;
  /** The translations, index.<lang>.md, in the order of their file names (the original only). */
  translations: TranslationSources[];
}

/** A translation: index.<lang>.md, which takes its design from the original. */
export interface TranslationSources extends Omit<ZineSources, 'translations'> {
  /** The language its file name says, canonical ("index.pt-br.md" → "pt-BR"). */
  lang: string;
  original: ZineSources;
}

/** index.<lang>.md: a translation's file name, and the tag in it. */
const translationFile = /^index\.([^./]+)\.md$/;

/** The zines in `contentDir`: every folder that is not hidden. */
export function listZines(contentDir: string): string[] {
  if (!existsSync(contentDir)) return [];
  return readdirSync(contentDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** The zines a command names, all of them when it names none; an unknown name is a usage error. */
export function selectZines(contentDir: string, names: string[], { usage }: { usage: (reason: string) => never }): string[] {
  const available = listZines(contentDir);
  const unknown = names.filter((zine) => !available.includes(zine));
  if (unknown.length > 0) usage(`no zine named ${unknown.map((z) => `"${z}"`).join(', ')} in ${contentDir}; there are: ${available.join(', ') || 'none'}`);
  const selected = names.length > 0 ? names : available;
  if (selected.length === 0) usage(`no zines in ${contentDir}: add a folder with an index.md (README, "Writing a zine")`);
  return selected;
}

/** fonts.css with its fonts inlined, for the last fonts.css seen: watch reads styles/ again on every style edit. */
let lastFonts: { css: string; inlined: string } | undefined;
function inlinedFonts(css: string): string {
  if (lastFonts?.css !== css) lastFonts = { css, inlined: inlineFontImports(css) };
  return lastFonts.inlined;
}

/** Read templates/zine.html and styles/ once per build; each trim's CSS is read when first asked for. */
export async function readProjectSources(root = projectRoot): Promise<ProjectSources> {
  const dir = join(root, 'styles');
  const [template, fonts, theme, base] = await Promise.all([
    readFile(join(root, 'templates', 'zine.html'), 'utf8'),
    readFile(join(dir, 'fonts.css'), 'utf8').then(inlinedFonts),
    readFile(join(dir, 'theme.css'), 'utf8'),
    readFile(join(dir, 'base.css'), 'utf8'),
  ]);
  return {
    template,
    fonts,
    styles: async (trim, stylesheet) =>
      [theme, trimCss(trim), await readFile(join(dir, 'trim', `${trim}.css`), 'utf8'), base, ...(stylesheet ? [await readFile(join(dir, stylesheet), 'utf8')] : [])].join('\n'),
  };
}

/** Read a zine folder: index.md, its translations (index.<lang>.md) and the fingerprints of its files. */
export async function readZineSources(contentDir: string, name: string): Promise<ZineSources> {
  const dir = join(contentDir, name);
  const indexPath = join(dir, 'index.md');
  const shown = relative(process.cwd(), indexPath) || indexPath;
  if (!existsSync(indexPath)) {
    fail('the zine folder has no index.md', { file: shown, fix: `create ${shown} with front matter and the text (README, "Writing a zine")` });
  }
  const files = sourceFiles(dir);
  const read = new Map<string, Uint8Array>([['index.md', await readIndex(indexPath, shown)]]);
  const translated = files.filter((path) => translationFile.test(path)).sort();
  for (const path of translated) read.set(path, await readIndex(join(dir, path), relative(process.cwd(), join(dir, path))));
  // Each edition's fingerprint leaves out the other translations: editing the Dutch changes no byte of the French.
  const fingerprintOf = (own: string) =>
    fingerprintSources(
      files
        .filter((path) => path === own || path === 'index.md' || !translated.includes(path))
        .map((path) => ({ path, chunks: () => (read.has(path) ? [read.get(path)!] : fileChunks(dir, path)) })),
    );
  const original: ZineSources = { name, dir, indexPath: shown, source: decodeSource(read.get('index.md')!, shown), fingerprint: await fingerprintOf('index.md'), translations: [] };
  for (const path of translated) {
    const file = relative(process.cwd(), join(dir, path)) || join(dir, path);
    const tag = translationFile.exec(path)![1]!;
    const lang = canonicalTag(tag);
    if (!lang) {
      fail(`"${tag}" in the file name is not a language tag: a translation is index.<language>.md`, {
        file,
        fix: `rename it with the tag of its language (index.nl.md, index.pt-BR.md), or move it out of the zine folder`,
      });
    }
    original.translations.push({ name, dir, indexPath: file, source: decodeSource(read.get(path)!, file), fingerprint: await fingerprintOf(path), lang, original });
  }
  return original;
}

/** Relative paths of the files of a zine folder (links are not followed). */
function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? sourceFiles(dir, path) : entry.isFile() ? [path] : [];
    });
}

/** The most text an index.md may hold: far more than any zine, far less than memory. */
const maxIndexBytes = 100 * 1024 * 1024;

/** Open a source file to read. O_NONBLOCK: opening a FIFO that no one writes to would wait forever. */
function openSource(path: string, flags = 0): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | flags);
}

/** A source file that cannot be opened or read (EACCES, EIO…), as a problem naming it. */
function unreadable(error: unknown, shown: string): never {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  fail(`cannot read the file (${code})`, { file: shown, fix: `make ${shown} readable, or move it out of the zine folder` });
}

/** What a folder entry that is not a regular file is, for error messages. */
function describeEntry(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/** index.md's bytes: a regular file of at most maxIndexBytes, else a problem saying what to do. */
async function readIndex(path: string, shown: string): Promise<Uint8Array> {
  const handle = await openSource(path).catch((error) => unreadable(error, shown));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      fail(`index.md is ${describeEntry(stats)}, not a file`, { file: shown, fix: `replace ${shown} with a text file: front matter, then the Markdown` });
    }
    if (stats.size > maxIndexBytes) {
      fail(`the file is ${(stats.size / 1024 ** 2).toFixed(0)} MB: more than a zine's text can be (at most ${maxIndexBytes / 1024 ** 2} MB)`, {
        file: shown,
        fix: 'check that this is the right file; split a text that long into several zines',
      });
    }
    const bytes = await handle.readFile().catch((error) => unreadable(error, shown));
    return new Uint8Array(bytes);
  } finally {
    await handle.close();
  }
}

/**
 * A zine folder's file, 4 MiB at a time, for the fingerprint: memory stays small
 * whatever the size. A file that became a link or anything but a regular file
 * since it was listed counts as empty, as links do in sourceFiles.
 */
async function* fileChunks(dir: string, path: string): AsyncGenerator<Uint8Array> {
  const shown = relative(process.cwd(), join(dir, path)) || join(dir, path);
  let handle: FileHandle;
  try {
    handle = await openSource(join(dir, path), constants.O_NOFOLLOW ?? 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return;
    unreadable(error, shown);
  }
  try {
    if (!(await handle.stat()).isFile()) return;
    // One buffer, reused: each chunk is hashed before the next read.
    const buffer = new Uint8Array(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null).catch((error) => unreadable(error, shown));
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * sha256 over (relative path, bytes) of each source file, in sorted order. The bytes
 * come in chunks, read one file at a time: a file of any size hashes in little memory.
 */
export async function fingerprintSources(files: { path: string; chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> }[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(file.path).update('\0');
    for await (const chunk of file.chunks()) hash.update(chunk);
    hash.update('\0');
  }
  return hash.digest('hex');
}
