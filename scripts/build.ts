// The pipeline, read top to bottom as the stages it runs:
// sources → compose → render → finalise → outputs → write.
// Each stage lives in its own module; this file only hands values along.
import { join, relative } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { auditOutputs, checkBudget, checkLayout } from './checks.ts';
import { composeZine, type ComposedZine } from './compose.ts';
import { formatProblem, problem, throwIfErrors, usageError, ZineError } from './errors.ts';
import { formsFor, type FormOutput } from './forms/index.ts';
import { makeManifest, writeOutputs, type ZineManifest } from './outputs.ts';
import { editionDate, finalizePdf, type PdfMeta } from './pdf/metadata.ts';
import { startRenderer, type Renderer } from './render/renderer.ts';
import { projectRoot, readProjectSources, readZineSources, selectZines } from './sources.ts';

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
    composed = await composeAll(contentDir, names, warn);
  } catch (error) {
    // Whatever stops the build here, the browser that was starting goes too.
    if (!kept) await starting.then((renderer) => renderer.close(), () => {});
    throw error;
  }

  // Render: one browser for every zine, or the caller's, kept warm between builds.
  const renderer = await starting;
  try {
    const manifests: ZineManifest[] = [];
    for (const zine of composed) manifests.push(await buildZine(zine, renderer, join(outputDir, zine.name), { log, warn }));
    return manifests;
  } finally {
    if (!kept) await renderer.close();
  }
}

/** Read and compose every zine; throws a ZineError with every error of every zine. */
async function composeAll(contentDir: string, names: string[], warn: (problems: VFileMessage[]) => void): Promise<ComposedZine[]> {
  const project = await readProjectSources();
  const composed: ComposedZine[] = [];
  const errors: VFileMessage[] = [];
  for (const name of names) {
    const { zine, problems } = await readZineSources(contentDir, name).then(
      (sources) => composeZine(sources, project),
      (error: unknown) => ({ zine: undefined, problems: problemsOf(error) }),
    );
    warn(problems);
    errors.push(...problems.filter((p) => p.fatal));
    if (zine) composed.push(zine);
  }
  throwIfErrors(errors);
  return composed;
}

/** One composed zine through render, finalise, outputs and write. */
async function buildZine(zine: ComposedZine, renderer: Renderer, dir: string, { log, warn }: { log: (line: string) => void; warn: (problems: VFileMessage[]) => void }): Promise<ZineManifest> {
  const started = performance.now();
  const { config, indexPath: file } = zine;
  log(`${zine.name}: laying out…`);
  const render = await renderer.render(zine.html);
  const layout = checkLayout(zine, render.pages, render.blockedRequests);
  warn(layout);
  throwIfErrors(layout);

  // Finalise: neutral metadata and bookmarks; every form starts from this one PDF.
  const meta: PdfMeta = { title: config.title, subject: config.subtitle, author: config.publisher, lang: config.lang, date: editionDate(config.date), headings: zine.headings };
  const reading = await finalizePdf(render.pdf, meta);
  warn(checkBudget(zine, reading.length));
  const pageCount = render.pages.length;

  // Outputs: each form the zine asks for, made from the same finalised render.
  const forms = formsFor(config.impose);
  throwIfErrors(forms.flatMap((form) => form.refuse?.(pageCount, config) ?? []).map(({ reason, fix }) => problem(reason, { file, fix })));
  const made: FormOutput[] = [];
  for (const form of forms) {
    made.push(await form.make({ zine: zine.name, config, indexPath: file, reading, pageCount, pictures: render.pictures, meta, earlier: made }));
  }
  const files = made.flatMap((output) => output.files);
  await auditOutputs(files, meta.date);

  // Write: all files of the zine at once, or none.
  const manifest = makeManifest({ zine: zine.name, edition: config.edition, date: config.date, lang: config.lang, pages: pageCount, sources: zine.fingerprint }, files);
  await writeOutputs(dir, manifest, files, log);
  log(`${zine.name}: ${pageCount} pages, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const entry of manifest.files) log(`  ${entry.sha256}  ${relative(process.cwd(), join(dir, entry.name))}`);
  const instructions = made.flatMap((output) => (output.instructions ? [output.instructions] : []));
  if (instructions.length > 0) log(`\n${instructions.join('\n')}`);
  return manifest;
}

/** The problems of a zine that could not even be read (an empty or binary index.md); other failures go on up. */
function problemsOf(error: unknown): VFileMessage[] {
  if (error instanceof ZineError) return error.problems;
  throw error;
}
