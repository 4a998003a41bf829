// The orchestrator, and the one place that touches the file system:
// read sources → compose HTML → render once → check → post-process → write.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textWidthMm, type FrontMatter } from './config.ts';
import { BuildError, ContentError, UsageError } from './errors.ts';
import { cleanImage } from './images/clean.ts';
import { imposeBooklet } from './impose/booklet.ts';
import { printingInstructions } from './impose/instructions.ts';
import { imposeMinizine } from './impose/minizine.ts';
import { MINIZINE_PAGES, sheetCount } from './impose/order.ts';
import { resolveImagePath } from './images/resolve.ts';
import { cleanSvgWithImages } from './images/svg.ts';
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
      checkLayout(zine.indexPath, result.pages, result.blockedRequests, log);
      const meta = { title: zine.config.title, subject: zine.config.subtitle, author: zine.config.publisher, lang: zine.config.lang, date: editionDate(zine.config.date) };
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
      const manifest = await writeOutputs(join(outputDir, zine.name), zine, result.pages.length, files);
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
  config: FrontMatter;
  html: string;
  fingerprint: string;
  images: InlinedImage[];
}

async function prepareZine(dir: string, name: string, styles: (trim: string) => Promise<string>, template: string, log: (line: string) => void): Promise<PreparedZine> {
  const indexPath = join(dir, 'index.md');
  const shown = relative(process.cwd(), indexPath) || indexPath;
  if (!existsSync(indexPath)) {
    throw new ContentError('the zine folder has no index.md', shown, undefined, `create ${shown} with front matter and the text (README, "Adding a zine")`);
  }
  const bytes = new Uint8Array(await readFile(indexPath));
  const { config, body } = readFrontMatter(decodeSource(bytes, shown), shown);
  const fingerprint = fingerprintSources(sourceFiles(dir).map((path) => ({ path, bytes: path === 'index.md' ? bytes : readFileSyncSafe(join(dir, path)) })));
  const images: InlinedImage[] = [];
  const composed = await composeZine({
    config,
    markdown: body,
    path: shown,
    styles: await styles(config.trim),
    template,
    fingerprint: fingerprint.slice(0, 12),
    loadImage: (src) => inlineImage(dir, src, config, images, (line) => log(`${shown}: ${line}`)),
  });
  for (const message of composed.body.messages) log(`${shown}:${message.line ?? ''}: warning: ${message.reason}`);
  return { name, indexPath: shown, config, html: composed.html, fingerprint, images };
}

/** An image as it went into the page, for the size-budget warning. */
interface InlinedImage {
  src: string;
  bytes: number;
}

/** Resolve an image inside the zine folder, clean it and return it as a data: URL. */
async function inlineImage(dir: string, src: string, config: FrontMatter, images: InlinedImage[], warn: (line: string) => void): Promise<string> {
  const path = resolveImagePath(dir, src);
  const bytes = new Uint8Array(await readFile(path));
  const name = relative(dir, path);
  if (/\.svg$/i.test(path)) {
    const { svg, removed } = await cleanSvgWithImages(new TextDecoder().decode(bytes), name);
    if (removed.length > 0) warn(`warning: removed from ${name}: ${removed.join(', ')}`);
    images.push({ src, bytes: svg.length });
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  }
  const cleaned = await cleanImage(bytes, { name, maxDpi: config.maxImageDpi, printedWidthMm: textWidthMm[config.trim] });
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

function readFileSyncSafe(path: string): Uint8Array {
  return lstatSync(path).isFile() ? new Uint8Array(readFileSync(path)) : new Uint8Array();
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

/** Overflow fails the build; empty pages and stranded headings are warnings. */
function checkLayout(file: string, pages: PageReport[], blocked: string[], log: (line: string) => void) {
  for (const url of blocked) log(`${file}: warning: refused to load ${url} (zinepress renders offline)`);
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
    const text = printingInstructions({ kind, lang: config.lang, paperName: config.paper, sheets, duplex: config.booklet.duplex, pages });
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
 * Write the outputs through a staging folder, then move each file into place:
 * a build that fails before this point leaves the previous outputs untouched.
 */
async function writeOutputs(
  dir: string,
  zine: PreparedZine,
  pages: number,
  files: StagedFile[],
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
  try {
    await mkdir(dir, { recursive: true });
    const staging = await mkdtemp(join(dir, '.staging-'));
    try {
      const all = [...files, { name: 'manifest.json', bytes: manifestBytes }];
      for (const file of all) await writeFile(join(staging, file.name), file.bytes);
      for (const file of all) await rename(join(staging, file.name), join(dir, file.name));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    throw new BuildError(`could not write ${dir}: ${(error as Error).message}`, 'check that the output folder is writable and the disk is not full');
  }
  return manifest;
}

/** One zine's composed HTML, exactly as build() hands it to the browser (for `zinepress bench`). */
export async function composeForBench(contentDir: string, zine: string): Promise<{ html: string; config: FrontMatter }> {
  const template = await readFile(join(projectRoot, 'templates', 'zine.html'), 'utf8');
  const { html, config } = await prepareZine(join(contentDir, zine), zine, await gatherStyles(), template, () => {});
  return { html, config };
}
