// The pipeline, read top to bottom as the stages it runs:
// sources → compose → render → finalise → outputs → write.
// Each stage lives in its own module; this file only hands values along.
import { join, relative } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { auditOutputs, checkBudget, checkLayout } from './checks.ts';
import { composeZine, type ComposeCache, type ComposedZine } from './compose.ts';
import { formatProblem, problem, throwIfErrors, usageError, ZineError } from './errors.ts';
import { formsFor, type FormOutput } from './forms/index.ts';
import { makeManifest, writeEarly, writeOutputs, type EarlyWrite, type ZineManifest } from './outputs.ts';
import { editionDate, finalizePdf, type PdfMeta } from './pdf/metadata.ts';
import { startRenderer, type Renderer } from './render/renderer.ts';
import type { FrontMatter } from './config.ts';
import { projectRoot, readProjectSources, readZineSources, selectZines, type ProjectSources } from './sources.ts';

export type { OutputFile, ZineManifest } from './outputs.ts';

export interface BuildOptions {
  /** Zine names (folders of content/); all of them when empty. */
  zines: string[];
  contentDir?: string;
  outputDir?: string;
  browserPath?: string;
  timeoutMs?: number;
  /** Progress and warnings (stderr in the CLI). */
  log?: (line: string) => void;
  /** A renderer kept alive by the caller between builds; the build starts and closes its own otherwise. */
  renderer?: Renderer;
  /** Forms chosen on the command line (`--html`): see FLAG_FORMS. */
  forms?: string[];
  /** What a long-lived caller keeps between builds: composed text and cleaned images, and the project's sources. */
  cache?: BuildCache;
  /** Print the summary of each zine (pages, time, hashes, printing instructions); watch prints its own line. */
  summary?: boolean;
  /**
   * Called as soon as a zine's reading PDF is on disk: it is then written ahead of
   * the other forms (outputs.ts writeEarly), which follow in the usual swap.
   */
  onReading?: (zine: string) => void;
  /** The laid-out pages of a zine as HTML, when the renderer is primed (the live preview). */
  onLaidOut?: (zine: string, laidOut: { html: string; config: FrontMatter; pages: number }) => void;
}

/** Kept between builds by watch: see ComposeCache. `project` is read again when cleared. */
export interface BuildCache {
  compose: ComposeCache;
  project?: ProjectSources;
}

/** Build the named zines (or all): every problem of every zine is reported before anything renders. */
export async function build({
  zines,
  contentDir = join(projectRoot, 'content'),
  outputDir = join(projectRoot, 'output'),
  browserPath,
  timeoutMs = 300_000,
  log = () => {},
  renderer: kept,
  forms = [],
  cache,
  summary = true,
  onReading,
  onLaidOut,
}: BuildOptions): Promise<ZineManifest[]> {
  const warn = (problems: VFileMessage[]) => problems.filter((p) => !p.fatal).forEach((p) => log(formatProblem(p)));

  const names = selectZines(contentDir, zines, { usage: usageError });
  // The browser starts while the sources are read and composed: it is the slowest thing to start.
  // A failure to start is reported after the content's problems, which do not need it.
  const starting = kept ? Promise.resolve(kept) : startRenderer({ browserPath, timeoutMs });
  starting.catch(() => {});

  // Sources and compose, for every zine before anything renders: content errors come at once, all of them.
  let composed: ComposedZine[];
  try {
    composed = await composeAll(contentDir, names, warn, cache);
  } catch (error) {
    // Whatever stops the build here, the browser that was starting goes too.
    if (!kept) await starting.then((renderer) => renderer.close(), () => {});
    throw error;
  }

  // Render: one browser for every zine, or the caller's, kept warm between builds.
  const renderer = await starting;
  try {
    const manifests: ZineManifest[] = [];
    for (const zine of composed) manifests.push(await buildZine(zine, renderer, join(outputDir, zine.name), { log, warn, forms, summary, onReading, onLaidOut }));
    return manifests;
  } finally {
    if (!kept) await renderer.close();
  }
}

/** Read and compose every zine; throws a ZineError with every error of every zine. */
async function composeAll(contentDir: string, names: string[], warn: (problems: VFileMessage[]) => void, cache?: BuildCache): Promise<ComposedZine[]> {
  const project = cache?.project ?? (await readProjectSources());
  if (cache) cache.project = project;
  const composed: ComposedZine[] = [];
  const errors: VFileMessage[] = [];
  for (const name of names) {
    const { zine, problems } = await readZineSources(contentDir, name).then(
      (sources) => composeZine(sources, project, cache?.compose),
      (error: unknown) => ({ zine: undefined, problems: problemsOf(error) }),
    );
    warn(problems);
    errors.push(...problems.filter((p) => p.fatal));
    if (zine) composed.push(zine);
  }
  throwIfErrors(errors);
  return composed;
}

interface ZineSteps extends Pick<BuildOptions, 'onReading' | 'onLaidOut'> {
  log: (line: string) => void;
  warn: (problems: VFileMessage[]) => void;
  forms: string[];
  summary: boolean;
}

/** One composed zine through render, finalise, outputs and write. */
async function buildZine(zine: ComposedZine, renderer: Renderer, dir: string, { log, warn, forms: flagged, summary, onReading, onLaidOut }: ZineSteps): Promise<ZineManifest> {
  const started = performance.now();
  const { config, indexPath: file } = zine;
  // Progress for a long build; watch prints its one line per rebuild instead.
  if (summary) log(`${zine.name}: laying out…`);
  // A primed renderer keeps the layout: the pictures can wait until the reading PDF is written.
  const later = renderer.primed && Boolean(onReading);
  const render = await renderer.render(zine.html, { withPictures: !later });
  const layout = checkLayout(zine, render.pages, render.blockedRequests);
  warn(layout);
  throwIfErrors(layout);

  // Finalise: neutral metadata and bookmarks; every form starts from this one PDF.
  const meta: PdfMeta = { title: config.title, subject: config.subtitle, author: config.publisher, lang: config.lang, date: editionDate(config.date), headings: zine.headings };
  const reading = await finalizePdf(render.pdf, meta);
  warn(checkBudget(zine, reading.length));
  const pageCount = render.pages.length;

  const forms = formsFor(config.impose, flagged);
  throwIfErrors(forms.flatMap((form) => form.refuse?.(pageCount, config) ?? []).map(({ reason, fix }) => problem(reason, { file, fix })));

  // Watch: the reading PDF, audited, goes in place at once; the full swap below
  // writes it again with the others, or the early write is undone.
  let early: EarlyWrite | undefined;
  if (onReading) {
    await auditOutputs([{ name: `${zine.name}.pdf`, bytes: reading }], meta.date);
    early = writeEarly(dir, `${zine.name}.pdf`, reading);
    onReading(zine.name);
  }
  try {
    if (onLaidOut && render.laidOut) onLaidOut(zine.name, { html: await render.laidOut.snapshot(), config, pages: pageCount });
    const pictures = render.pictures ?? (later ? await render.laidOut?.pictures() : undefined);

    // Outputs: each form the zine asks for, made from the same finalised render.
    const made: FormOutput[] = [];
    for (const form of forms) {
      made.push(await form.make({ zine: zine.name, config, indexPath: file, html: zine.html, reading, pageCount, pictures, meta, earlier: made }));
    }
    const files = made.flatMap((output) => output.files);
    await auditOutputs(files, meta.date);

    // Write: all files of the zine at once, or none.
    const manifest = makeManifest({ zine: zine.name, edition: config.edition, date: config.date, lang: config.lang, pages: pageCount, sources: zine.fingerprint }, files);
    await writeOutputs(dir, manifest, files, log);
    early?.done();
    if (summary) {
      log(`${zine.name}: ${pageCount} pages, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const entry of manifest.files) log(`  ${entry.sha256}  ${relative(process.cwd(), join(dir, entry.name))}`);
      const instructions = made.flatMap((output) => (output.instructions ? [output.instructions] : []));
      if (instructions.length > 0) log(`\n${instructions.join('\n')}`);
    }
    return manifest;
  } catch (error) {
    early?.undo();
    throw error;
  }
}

/** The problems of a zine that could not even be read (an empty or binary index.md); other failures go on up. */
function problemsOf(error: unknown): VFileMessage[] {
  if (error instanceof ZineError) return error.problems;
  throw error;
}
