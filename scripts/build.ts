// The orchestrator, and the one place that touches the file system:
// read sources → compose HTML → render once → check → post-process → write.
import { createHash } from 'node:crypto';
import { constants, existsSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageMaxHeightMm, textWidthMm, type FrontMatter } from './config.ts';
import { BuildError, ContentError, UsageError } from './errors.ts';
import { cleanImage } from './images/clean.ts';
import { imposeBooklet } from './impose/booklet.ts';
import { printingInstructions } from './impose/instructions.ts';
import { imposeMinizine } from './impose/minizine.ts';
import { MINIZINE_PAGES, padCount, sheetCount, signatureSizes } from './impose/order.ts';
import { resolveImagePath } from './images/resolve.ts';
import { cleanSvgWithImages, drawingFont, type DrawingFont } from './images/svg.ts';
import { readFrontMatter } from './markdown/frontmatter.ts';
import { auditPdf, formatFindings } from './pdf/audit.ts';
import { editionDate, finalizePdf } from './pdf/metadata.ts';
import { decodeSource } from './markdown/source.ts';
import { findBrowser, launchBrowser, type RunningBrowser } from './render/browser.ts';
import { renderPdf, type PageReport } from './render/paged.ts';
import { inlineFontImports } from './template.ts';
import { composeZine, fingerprintSources } from './zine.ts';

/** The project folder: content/, templates/, styles/ live here. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BuildOptions {
  /** Zine names (folders of content/); all of them when empty. */
  zines: string[];
  contentDir?: string;
  outputDir?: string;
  browserPath?: string;
  timeoutMs?: number;
  /** Progress and warnings (stderr in the CLI). */
  log?: (line: string) => void;
}

/** One output file, as listed in manifest.json. */
export interface OutputFile {
  name: string;
  kind: 'reading' | 'booklet' | 'minizine' | 'instructions' | 'cover' | 'contact-sheet';
  pages?: number;
  bytes: number;
  sha256: string;
}

export interface ZineManifest {
  zine: string;
  edition: string | number;
  date: string;
  lang: string;
  pages: number;
  sources: string;
  files: OutputFile[];
}

/** The zines in content/: every folder that is not hidden. */
export function listZines(contentDir: string): string[] {
  if (!existsSync(contentDir)) return [];
  return readdirSync(contentDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** Build the named zines (or all); one browser serves them all. */
export async function build({
  zines,
  contentDir = join(projectRoot, 'content'),
  outputDir = join(projectRoot, 'output'),
  browserPath,
  timeoutMs = 300_000,
  log = () => {},
}: BuildOptions): Promise<ZineManifest[]> {
  const available = listZines(contentDir);
  const unknown = zines.filter((zine) => !available.includes(zine));
  if (unknown.length > 0) {
    throw new UsageError(`no zine named ${unknown.map((z) => `"${z}"`).join(', ')} in ${contentDir}; there are: ${available.join(', ') || 'none'}`);
  }
  const selected = zines.length > 0 ? zines : available;
  if (selected.length === 0) throw new UsageError(`no zines in ${contentDir}: add a folder with an index.md (README, "Adding a zine")`);

  // Read and compose every zine before starting the browser: content errors fail fast.
  const styles = await gatherStyles();
  const template = await readFile(join(projectRoot, 'templates', 'zine.html'), 'utf8');
  const prepared = [];
  for (const zine of selected) prepared.push(await prepareZine(join(contentDir, zine), zine, styles, template, log));

  const found = findBrowser(browserPath);
  let running: RunningBrowser | undefined;
  const manifests: ZineManifest[] = [];
  try {
    running = await launchBrowser(found);
    for (const zine of prepared) {
      const started = performance.now();
      const result = await renderPdf(running.browser, zine.html, { timeoutMs, withPictures: true }).catch(browserFailure);
      checkLayout(zine, result.pages, result.blockedRequests, log);
      const meta = { title: zine.config.title, subject: zine.config.subtitle, author: zine.config.publisher, lang: zine.config.lang, date: editionDate(zine.config.date), headings: zine.headings };
      const reading = await finalizePdf(result.pdf, meta);
      checkBudget(zine, reading.length, log);
      const pageCount = result.pages.length;
      const files: StagedFile[] = [{ name: `${zine.name}.pdf`, kind: 'reading', pages: pageCount, bytes: reading }];
      const instructions: string[] = [];
      // The impositions are made from the same finalised render: same pages, same numbers.
      for (const kind of zine.config.impose) {
        const imposed = await impose(kind, reading, pageCount, zine);
        files.push({ name: `${zine.name}-${kind}.pdf`, kind, pages: imposed.sides, bytes: await finalizePdf(imposed.pdf, meta) });
        instructions.push(imposed.instructions);
      }
      if (result.pictures) {
        files.push({ name: 'cover.png', kind: 'cover', bytes: result.pictures.cover });
        files.push({ name: 'pages.png', kind: 'contact-sheet', bytes: result.pictures.pages });
      }
      if (instructions.length > 0) {
        files.push({ name: `${zine.name}-print.txt`, kind: 'instructions', bytes: new TextEncoder().encode(instructions.join('\n')) });
      }
      for (const file of files) if (file.name.endsWith('.pdf')) await auditOutput(file.name, file.bytes, zine.config.date);
      const manifest = await writeOutputs(join(outputDir, zine.name), zine, result.pages.length, files, log);
      manifests.push(manifest);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(`${zine.name}: ${result.pages.length} pages, ${seconds} s`);
      for (const file of manifest.files) log(`  ${file.sha256}  ${relative(process.cwd(), join(outputDir, zine.name, file.name))}`);
      if (instructions.length > 0) log(`\n${instructions.join('\n')}`);
    }
  } finally {
    await running?.close();
  }
  return manifests;
}

interface PreparedZine {
  name: string;
  indexPath: string;
  /** index.md as read and decoded, to find the line that asks for a refused address. */
  source: string;
  config: FrontMatter;
  html: string;
  fingerprint: string;
  images: InlinedImage[];
  /** The headings' text as written, to mend the bookmarks. */
  headings: string[];
}

async function prepareZine(dir: string, name: string, styles: (trim: string) => Promise<string>, template: string, log: (line: string) => void): Promise<PreparedZine> {
  const indexPath = join(dir, 'index.md');
  const shown = relative(process.cwd(), indexPath) || indexPath;
  if (!existsSync(indexPath)) {
    throw new ContentError('the zine folder has no index.md', shown, undefined, `create ${shown} with front matter and the text (README, "Adding a zine")`);
  }
  const bytes = await readIndex(indexPath, shown);
  const source = decodeSource(bytes, shown);
  const { config, body } = readFrontMatter(source, shown);
  const fingerprint = await fingerprintSources(
    sourceFiles(dir).map((path) => ({ path, chunks: () => (path === 'index.md' ? [bytes] : fileChunks(dir, path)) })),
  );
  const images: InlinedImage[] = [];
  const css = await styles(config.trim);
  // A drawing is a document of its own, blind to the page's fonts: its text gets the body font's faces.
  const font = drawingFont(css);
  const composed = await composeZine({
    config,
    markdown: body,
    path: shown,
    styles: css,
    template,
    fingerprint: fingerprint.slice(0, 12),
    // What cleaning removes from an image is a warning at the line that names the image.
    loadImage: (src, line) => inlineImage(dir, src, config, images, (text) => log(`${shown}${line ? `:${line}` : ''}: ${text}`), font),
  });
  for (const message of composed.body.messages) log(`${shown}:${message.line ?? ''}: warning: ${message.reason}`);
  return { name, indexPath: shown, source, config, html: composed.html, fingerprint, images, headings: composed.body.headings.map((heading) => heading.text) };
}

/** An image as it went into the page, for the size-budget warning. */
interface InlinedImage {
  src: string;
  bytes: number;
}

/** Resolve an image inside the zine folder, clean it and return it as a data: URL. */
async function inlineImage(dir: string, src: string, config: FrontMatter, images: InlinedImage[], warn: (line: string) => void, font?: DrawingFont): Promise<string> {
  const path = resolveImagePath(dir, src);
  const bytes = new Uint8Array(await readFile(path));
  const name = relative(dir, path);
  if (/\.svg$/i.test(path)) {
    const { svg, removed, fontChars = 0 } = await cleanSvgWithImages(new TextDecoder().decode(bytes), name, { font });
    if (removed.length > 0) warn(`warning: removed from ${name}: ${removed.join(', ')}`);
    images.push({ src, bytes: svg.length - fontChars });
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  }
  const cleaned = await cleanImage(bytes, {
    name,
    maxDpi: config.maxImageDpi,
    printedWidthMm: textWidthMm[config.trim],
    printedHeightMm: imageMaxHeightMm[config.trim],
  });
  images.push({ src, bytes: cleaned.bytes.length });
  return `data:${cleaned.mime};base64,${Buffer.from(cleaned.bytes).toString('base64')}`;
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

/** A source file that cannot be opened or read (EACCES, EIO…), as a ContentError naming it. */
function unreadable(error: unknown, shown: string): ContentError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new ContentError(`cannot read the file (${code})`, shown, undefined, `make ${shown} readable, or move it out of the zine folder`);
}

/** What a folder entry that is not a regular file is, for error messages. */
function describeEntry(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/** index.md's bytes: a regular file of at most maxIndexBytes, else a ContentError saying what to do. */
async function readIndex(path: string, shown: string): Promise<Uint8Array> {
  const handle = await openSource(path).catch((error) => {
    throw unreadable(error, shown);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new ContentError(`index.md is ${describeEntry(stats)}, not a file`, shown, undefined, `replace ${shown} with a text file: front matter, then the Markdown`);
    }
    if (stats.size > maxIndexBytes) {
      throw new ContentError(
        `the file is ${(stats.size / 1024 ** 2).toFixed(0)} MB: more than a zine's text can be (at most ${maxIndexBytes / 1024 ** 2} MB)`,
        shown,
        undefined,
        'check that this is the right file; split a text that long into several zines',
      );
    }
    const bytes = await handle.readFile().catch((error) => {
      throw unreadable(error, shown);
    });
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
    throw unreadable(error, shown);
  }
  try {
    if (!(await handle.stat()).isFile()) return;
    // One buffer, reused: each chunk is hashed before the next read.
    const buffer = new Uint8Array(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null).catch((error) => {
        throw unreadable(error, shown);
      });
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** fonts.css (inlined) + theme.css + trim/<size>.css + base.css, cached per trim. */
async function gatherStyles(): Promise<(trim: string) => Promise<string>> {
  const dir = join(projectRoot, 'styles');
  const fonts = inlineFontImports(await readFile(join(dir, 'fonts.css'), 'utf8'));
  const theme = await readFile(join(dir, 'theme.css'), 'utf8');
  const base = await readFile(join(dir, 'base.css'), 'utf8');
  return async (trim) => [fonts, theme, await readFile(join(dir, 'trim', `${trim}.css`), 'utf8'), base].join('\n');
}

/** A browser that dies in a way the render did not foresee (a protocol error, a closed target) is still a BuildError. */
function browserFailure(error: unknown): never {
  if (error instanceof BuildError || error instanceof ContentError) throw error;
  throw new BuildError(
    `the browser failed during the render: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
    'build again; if it keeps happening, check memory and the browser with --browser',
  );
}

/**
 * The first line of the zine's text (`source`) that names a refused address: the whole
 * URL, or else its last path part or its host (the page may have resolved a relative one).
 */
export function lineAsking(source: string, url: string): number | undefined {
  const lines = source.split('\n');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const last = parsed?.pathname.split('/').filter(Boolean).at(-1);
  const needles = [url, last && last.length > 2 ? last : undefined, parsed?.hostname || undefined].filter((needle): needle is string => Boolean(needle));
  for (const needle of needles) {
    const index = lines.findIndex((text) => text.includes(needle));
    if (index >= 0) return index + 1;
  }
  return undefined;
}

/** Overflow fails the build; empty pages and stranded headings are warnings. */
function checkLayout({ indexPath: file, source }: PreparedZine, pages: PageReport[], blocked: string[], log: (line: string) => void) {
  for (const url of blocked) {
    const line = lineAsking(source, url);
    log(`${file}${line ? `:${line}` : ''}: warning: refused to load ${url} (zinepress renders offline)`);
  }
  const overflowing = pages.filter((page) => page.overflowLines.length > 0);
  for (const page of pages) {
    if (page.strandedHeadingLine) log(`${file}:${page.strandedHeadingLine}: warning: heading stranded at the bottom of page ${page.number}`);
    if (page.role === 'body' && page.textLength === 0 && !page.hasGraphics) log(`${file}: warning: page ${page.number} is empty`);
  }
  if (overflowing.length > 0) {
    const first = overflowing[0]!;
    throw new ContentError(
      `content overflows page ${first.number}${overflowing.length > 1 ? ` (and ${overflowing.length - 1} more pages)` : ''}`,
      file,
      first.overflowLines.find((line) => line > 0),
      'shorten the text on that page, or split a wide table or long unbreakable word',
    );
  }
}

/** A staged output file, before it is hashed and moved into place. */
interface StagedFile {
  name: string;
  kind: OutputFile['kind'];
  pages?: number;
  bytes: Uint8Array;
}

/** Impose the reading PDF as a booklet or a mini-zine, with its printing instructions. */
async function impose(kind: 'booklet' | 'minizine', reading: Uint8Array, pages: number, zine: PreparedZine) {
  const { config } = zine;
  if (kind === 'booklet') {
    const pdf = await imposeBooklet(reading, { paper: config.paper, ...config.booklet });
    const sheets = sheetCount(pages);
    const { signaturePages } = config.booklet;
    // Signatures are folded one by one, so the instructions need each one's sheets (4 pages a sheet).
    const signatureSheets = signatureSizes(padCount(pages, signaturePages), signaturePages).map((size) => size / 4);
    const text = printingInstructions({ kind, lang: config.lang, paperName: config.paper, sheets, duplex: config.booklet.duplex, pages, signatureSheets });
    return { pdf, sides: sheets * 2, instructions: text };
  }
  if (pages > MINIZINE_PAGES) {
    throw new ContentError(
      `the zine has ${pages} pages: ${pages - MINIZINE_PAGES} too many for a mini-zine (at most ${MINIZINE_PAGES}, covers included)`,
      zine.indexPath,
      undefined,
      'shorten the text, or print it as a booklet: impose: [booklet]',
    );
  }
  const pdf = await imposeMinizine(reading, { paper: config.paper, guides: config.minizine.guides, blanks: config.booklet.blanks });
  const text = printingInstructions({ kind, lang: config.lang, paperName: config.paper, sheets: 1, duplex: 'short-edge', pages });
  return { pdf, sides: 1, instructions: text };
}

/** Every output is audited before it is written: anything identifying fails the build. */
async function auditOutput(name: string, pdf: Uint8Array, date: string) {
  const findings = await auditPdf(pdf, { allowedDate: editionDate(date) });
  if (findings.length > 0) {
    throw new BuildError(`the audit found identifying traces in ${name}, so nothing was written:\n${formatFindings(name, findings)}`, 'report this as a zinepress bug, with the lines above');
  }
}

/** Over the size budget: warn and name the heaviest images. */
function checkBudget(zine: PreparedZine, bytes: number, log: (line: string) => void) {
  const budget = zine.config.budgetKb * 1024;
  if (bytes <= budget) return;
  const heaviest = [...zine.images].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const names = heaviest.map((image) => `${image.src} (${Math.round(image.bytes / 1024)} kB)`).join(', ');
  log(`${zine.indexPath}: warning: the PDF is ${Math.round(bytes / 1024)} kB, over its budget of ${zine.config.budgetKb} kB${names ? `; heaviest images: ${names}` : ''}`);
}

/**
 * Write the outputs into a staging folder, then swap them in for the previous ones
 * all at once (swapOutputs): whatever fails, the folder holds exactly the previous
 * outputs or exactly the new ones, and no staging or backup folder.
 */
async function writeOutputs(
  dir: string,
  zine: PreparedZine,
  pages: number,
  files: StagedFile[],
  log: (line: string) => void = () => {},
): Promise<ZineManifest> {
  const manifest: ZineManifest = {
    zine: zine.name,
    edition: zine.config.edition,
    date: zine.config.date,
    lang: zine.config.lang,
    pages,
    sources: zine.fingerprint,
    files: files.map(({ name, kind, pages: filePages, bytes }) => ({
      name,
      kind,
      ...(filePages === undefined ? {} : { pages: filePages }),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })),
  };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  let staging: string | undefined;
  // Also run on process.exit, which is how the CLI stops at Ctrl-C: so it is synchronous.
  const removeStaging = () => staging && rmSync(staging, { recursive: true, force: true });
  process.on('exit', removeStaging);
  let previous: string;
  try {
    await mkdir(dir, { recursive: true });
    staging = mkdtempSync(join(dir, '.staging-'));
    const all = [...files, { name: 'manifest.json', bytes: manifestBytes }];
    for (const file of all) await writeFile(join(staging, file.name), file.bytes);
    previous = swapOutputs(dir, staging, all.map((file) => file.name));
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError(`could not write ${dir}: ${(error as Error).message}`, 'check that the output folder is writable and the disk is not full');
  } finally {
    process.off('exit', removeStaging);
    removeLeftover(() => removeStaging(), staging, log);
  }
  removeLeftover(() => rmSync(previous, { recursive: true, force: true }), previous, log);
  return manifest;
}

/** Remove a staging or backup folder; failing to is a warning that names it, not a failed build. */
function removeLeftover(remove: () => void, folder: string | undefined, log: (line: string) => void) {
  try {
    remove();
  } catch (error) {
    log(`warning: could not remove ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; delete it by hand`);
  }
}

/**
 * Swap the staged files in for everything in `dir`: each previous entry moves into
 * a backup folder, then each new file moves in; on any failure every move is undone,
 * last first. Synchronous, so that no signal handler (cli.ts) runs halfway.
 * Returns the backup folder, for the caller to remove.
 */
function swapOutputs(dir: string, staging: string, names: string[]): string {
  const previous = mkdtempSync(join(dir, '.previous-'));
  const moves: [from: string, to: string][] = [];
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (path === staging || path === previous) continue;
      renameSync(path, join(previous, entry));
      moves.push([path, join(previous, entry)]);
    }
    for (const name of names) {
      renameSync(join(staging, name), join(dir, name));
      moves.push([join(staging, name), join(dir, name)]);
    }
    return previous;
  } catch (error) {
    const stuck = moves.reverse().filter(([from, to]) => {
      try {
        renameSync(to, from);
        return false;
      } catch {
        return true;
      }
    });
    if (stuck.length > 0) {
      throw new BuildError(
        `could not write ${dir}: ${(error as Error).message}; nor put the previous outputs back, which are in ${previous}`,
        `move the files of ${previous} back into ${dir}, then build again`,
      );
    }
    rmdirSync(previous);
    throw error;
  }
}

/** One zine's composed HTML, exactly as build() hands it to the browser (for `zinepress bench`). */
export async function composeForBench(contentDir: string, zine: string): Promise<{ html: string; config: FrontMatter }> {
  const template = await readFile(join(projectRoot, 'templates', 'zine.html'), 'utf8');
  const { html, config } = await prepareZine(join(contentDir, zine), zine, await gatherStyles(), template, () => {});
  return { html, config };
}
