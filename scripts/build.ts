// The pipeline, read top to bottom as the stages it runs:
// sources → compose → render → finalise → outputs → write.
// Each stage lives in its own module; this file only hands values along.
import { join, relative } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { auditOutputs, checkBudget, checkLayout, inRendition } from './checks.ts';
import { composeCache, composeZine, editionFileName, keyLine, type ComposeCache, type ComposedZine } from './compose.ts';
import { formatProblem, problem, throwIfErrors, usageError, ZineError } from './errors.ts';
import { formsFor, type FormContext, type FormOutput, type MadeFile, type OutputForm } from './forms/index.ts';
import { canonicalTag } from './languages.ts';
import { makeManifest, previousManifest, writeEarly, writeOutputs, type EarlyWrite, type ZineManifest } from './outputs.ts';
import { editionDate, finalizePdf, type PdfMeta } from './pdf/metadata.ts';
import type { Pictures } from './render/pictures.ts';
import { RENDITION_NAMES, RENDITIONS, type Rendition } from './renditions.ts';
import { startBuildRenderer, type Renderer } from './render/renderer.ts';
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
  /** A renderer the caller started early (the CLI, before loading the build's modules); the build closes it. */
  starting?: Promise<Renderer>;
  /** Forms chosen on the command line (`--html`): see FLAG_FORMS. */
  forms?: string[];
  /** Build only this language's edition of each zine (`--lang nl`); the other languages' files stay as they are. */
  lang?: string;
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
  starting: started,
  forms = [],
  lang,
  cache,
  summary = true,
  onReading,
  onLaidOut,
}: BuildOptions): Promise<ZineManifest[]> {
  const warn = (problems: VFileMessage[]) => problems.filter((p) => !p.fatal).forEach((p) => log(formatProblem(p)));

  // The browser starts while the sources are read and composed: it is the slowest thing to start.
  // A failure to start is reported after the content's problems, which do not need it.
  const starting = kept ? Promise.resolve(kept) : (started ?? startBuildRenderer({ browserPath, timeoutMs }));
  starting.catch(() => {});

  // Sources and compose, for every zine and language before anything renders: content errors come at once, all of them.
  let composed: ComposedZine[][];
  try {
    const names = selectZines(contentDir, zines, { usage: usageError });
    composed = await composeAll(contentDir, names, warn, cache);
    if (lang) composed = composed.map((editions) => selectEditions(editions, lang, join(outputDir, editions[0]!.name), log));
  } catch (error) {
    // Whatever stops the build here, the browser that was starting goes too.
    if (!kept) await starting.then((renderer) => renderer.close(), () => {});
    throw error;
  }

  // Render: one browser for every zine, or the caller's, kept warm between builds.
  const renderer = await starting;
  try {
    const manifests: ZineManifest[] = [];
    for (const editions of composed) manifests.push(await buildZine(editions, renderer, join(outputDir, editions[0]!.name), { log, warn, forms, summary, onReading, onLaidOut, partial: Boolean(lang) }));
    return manifests;
  } finally {
    if (!kept) await renderer.close();
  }
}

/** Read and compose every zine, each as its editions (the original, then its translations); throws a ZineError with every error of every zine. */
async function composeAll(contentDir: string, names: string[], warn: (problems: VFileMessage[]) => void, cache?: BuildCache): Promise<ComposedZine[][]> {
  const project = cache?.project ?? (await readProjectSources());
  if (cache) cache.project = project;
  // A build without a caller's cache keeps one of its own: a translation's images, and the
  // black-and-white rendition's, are then cleaned once, not once per edition.
  const compose = cache?.compose ?? composeCache();
  const composed: ComposedZine[][] = [];
  const errors: VFileMessage[] = [];
  for (const name of names) {
    const editions: ComposedZine[] = [];
    const sources = await readZineSources(contentDir, name).catch((error: unknown) => {
      errors.push(...problemsOf(error));
      return undefined;
    });
    for (const edition of sources ? [sources, ...sources.translations] : []) {
      const { zine, problems } = await composeZine(edition, project, compose);
      warn(problems);
      errors.push(...problems.filter((p) => p.fatal));
      if (zine) editions.push(zine);
    }
    // A form made of every language (the tête-bêche booklet) needs them all: checked before anything renders.
    const original = editions[0];
    if (original && !original.translation) {
      const refused = formsFor(original.config.impose).flatMap((form) => form.refuseEditions?.(editions.map((edition) => edition.config)) ?? []);
      errors.push(...refused.map(({ reason, fix }) => problem(reason, { file: original.indexPath, line: keyLine(original.source, 'impose'), fix })));
    }
    if (editions.length > 0) composed.push(editions);
  }
  throwIfErrors(errors);
  return composed;
}

/**
 * The editions `--lang` asks for. The files of the others stay as they are in
 * output/ (outputs.ts keeps them); the original is built too when there is no
 * earlier build of it to keep.
 */
function selectEditions(editions: ComposedZine[], lang: string, dir: string, log: (line: string) => void): ComposedZine[] {
  const wanted = canonicalTag(lang) ?? lang;
  const chosen = editions.filter((edition) => edition.config.lang === wanted);
  if (chosen.length === 0) {
    usageError(`${editions[0]!.name} has no edition in "${lang}"; it has ${editions.map((edition) => edition.config.lang).join(', ')}`);
  }
  if (chosen[0]!.translation && !previousManifest(dir)) {
    log(`${editions[0]!.name}: no earlier build of the original in ${dir}: building it too`);
    return [editions[0]!, ...chosen];
  }
  return chosen;
}

interface ZineSteps extends Pick<BuildOptions, 'onReading' | 'onLaidOut'> {
  log: (line: string) => void;
  warn: (problems: VFileMessage[]) => void;
  forms: string[];
  summary: boolean;
  /** Some languages only (`--lang`): the files of the others stay. */
  partial?: boolean;
}

/** One edition laid out and finalised: what every form starts from. */
interface RenderedEdition {
  zine: ComposedZine;
  rendition: Rendition;
  reading: Uint8Array;
  pageCount: number;
  pictures?: Pictures;
  meta: PdfMeta;
}

/** One zine's editions through render, finalise, outputs and write: every language's files land together, or none. */
async function buildZine(editions: ComposedZine[], renderer: Renderer, dir: string, steps: ZineSteps): Promise<ZineManifest> {
  const started = performance.now();
  const { log, warn, forms: flags, summary } = steps;
  const name = editions[0]!.name;
  // Every edition has the original's design: impose:, colour:, press: (a translation takes them from it).
  const { config } = editions[0]!;
  const forms = formsFor(config.impose, flags);
  // The renditions chosen that some form is made from: the print one first, the one watch shows.
  const renditions = RENDITION_NAMES.map((rendition) => RENDITIONS[rendition]).filter((rendition) => rendition.chosen(config, flags) && forms.some((form) => madeFrom(form, rendition, config)));

  let early: EarlyWrite | undefined;
  // Each edition in each rendition, all asked for at once: the renderer's tabs lay them out
  // as they come free, while Node finalises those done. They are asked for edition by edition
  // (the original's print one first, then its phone one...), each once its document is made
  // and the one before it asked: the pictures of one print rendition, which keep a tab busy
  // but the processor less, then overlap another rendition's layout rather than each other.
  let asked: Promise<unknown> = Promise.resolve();
  const renders = editions.flatMap((zine, index) =>
    renditions.map((rendition) => {
      const html = asked.then(() => (rendition.name === 'print' ? zine.html : zine.htmlFor(rendition)));
      asked = html.catch(() => {});
      return { rendition, edition: renderEdition(html, zine, rendition, forms, renderer, dir, index === 0 && rendition.name === 'print' ? steps : { log, warn, summary }, (write) => (early = write)) };
    }),
  );
  // Every render is waited for before a failure is reported: nothing of a failed build is still
  // running then (a reading PDF written early by watch after the failure would not be undone).
  const settled = Promise.allSettled(renders.map((render) => render.edition));
  try {
    // Outputs: each form for every rendition it is made from, in the registry's order. A form is
    // made, and its files audited, as soon as its rendition's editions are laid out (the print
    // rendition's forms while the phone's is laid out); a form that gathers what the others made
    // (the instructions) comes after all of them. The files keep the registry's order either way.
    const jobs = forms.flatMap((form) => renditions.filter((rendition) => madeFrom(form, rendition, config)).map((rendition) => ({ form, rendition, files: [] as MadeFile[], made: new Map<string, FormOutput>() })));
    const allowedDate = (await renders[0]!.edition).meta.date;
    const makeJob = async (job: (typeof jobs)[number]) => {
      const { form, rendition } = job;
      const ofRendition = await Promise.all(renders.filter((render) => render.rendition === rendition).map((render) => render.edition));
      if (form.makeFromEditions) {
        // A build of some languages (--lang) cannot make a file of all of them.
        if (steps.partial) return log(`${name}: ${form.name} not made: it needs every language; build without --lang`);
        const output = await form.makeFromEditions(ofRendition.map((edition) => contextOf(edition, [])));
        job.files.push(...output.files.map((file) => ({ ...file, ...renditionOf(rendition) })));
        for (const edition of ofRendition) job.made.set(edition.zine.config.lang, { files: [], instructions: output.instructionsByLang?.[edition.zine.config.lang] });
      } else {
        for (const edition of ofRendition) {
          const lang = edition.zine.config.lang;
          // What the forms before this one made, for this language: only a form that gathers reads it.
          const earlier = form.gathers ? jobs.slice(0, jobs.indexOf(job)).flatMap((before) => before.made.get(lang) ?? []) : [];
          const output = await form.make!(contextOf(edition, earlier));
          job.made.set(lang, output);
          job.files.push(...output.files.map((file) => ({ ...file, lang, ...renditionOf(rendition) })));
        }
      }
      await auditOutputs(job.files, allowedDate);
    };
    for (const rendition of renditions) {
      for (const job of jobs.filter((job) => job.rendition === rendition && !job.form.gathers)) await makeJob(job);
    }
    for (const job of jobs.filter((job) => job.form.gathers)) await makeJob(job);
    const rendered = await Promise.all(renders.map((render) => render.edition));
    const files = jobs.flatMap((job) => job.files);
    const made = new Map<string, FormOutput[]>(editions.map((zine) => [zine.config.lang, jobs.flatMap((job) => job.made.get(zine.config.lang) ?? [])]));

    // Write: all files of the zine at once, or none; with --lang, the other languages' files stay.
    const printed = rendered.filter((edition) => edition.rendition.name === 'print');
    const head = (edition: RenderedEdition) => ({ edition: edition.zine.config.edition, date: edition.zine.config.date, lang: edition.zine.config.lang, pages: edition.pageCount, sources: edition.zine.fingerprint });
    const builtOriginal = printed.find((edition) => !edition.zine.translation);
    const previous = steps.partial ? previousManifest(dir) : undefined;
    const manifest = makeManifest(
      {
        zine: name,
        ...(builtOriginal ? head(builtOriginal) : previous!),
        translations: printed.filter((edition) => edition.zine.translation).map((edition) => ({ ...head(edition), translates: edition.zine.config.edition })),
      },
      files,
      previous && { manifest: previous, built: printed.map((edition) => edition.zine.config.lang) },
    );
    await writeOutputs(dir, manifest, files, log);
    early?.done();
    if (summary) {
      const pages = printed.map((edition) => `${edition.pageCount} pages${printed.length > 1 ? ` (${edition.zine.config.lang})` : ''}`).join(', ');
      log(`${name}: ${pages}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const entry of manifest.files) log(`  ${entry.sha256}  ${relative(process.cwd(), join(dir, entry.name))}`);
      const instructions = [...made.values()].flat().flatMap((output) => (output.instructions ? [output.instructions] : []));
      if (instructions.length > 0) log(`\n${[...new Set(instructions)].join('\n')}`);
    }
    return manifest;
  } catch (error) {
    // A failed render is what the build reports (the first in order), before a form's failure that may follow from it.
    const failed = (await settled).find((result) => result.status === 'rejected');
    early?.undo();
    throw failed ? failed.reason : error;
  }
}

/** Whether a form is made from a rendition: one it names (the print one when it names none), and that makes it. */
function madeFrom(form: OutputForm, rendition: Rendition, config: FrontMatter): boolean {
  return (form.renditions ?? ['print']).includes(rendition.name) && (rendition.makes?.(form.name, config) ?? true);
}

/** A file's rendition in the manifest: none for the print one. */
const renditionOf = (rendition: Rendition) => (rendition.name === 'print' ? {} : { rendition: rendition.name });

/** What a form is given for one edition in one rendition: its files are named with the rendition's suffix. */
function contextOf({ zine, rendition, reading, pageCount, pictures, meta }: RenderedEdition, earlier: FormOutput[]): FormContext {
  const { config, indexPath, html } = zine;
  return { zine: zine.name, rendition: rendition.name, fileName: (stem, ext) => editionFileName(zine, `${stem}${rendition.suffix}`, ext), config, indexPath, html, reading, pageCount, pictures, meta, earlier };
}

/** One edition in one rendition through render, checks and finalise (and the refusals of the forms made from it); the first of a watched zine is written at once (`onReading`). */
async function renderEdition(
  document: Promise<string>,
  zine: ComposedZine,
  rendition: Rendition,
  forms: OutputForm[],
  renderer: Renderer,
  dir: string,
  { log, warn, summary, onReading, onLaidOut }: Omit<ZineSteps, 'forms' | 'partial'>,
  wroteEarly: (write: EarlyWrite) => void,
): Promise<RenderedEdition> {
  const { config, indexPath: file } = zine;
  const print = rendition.name === 'print';
  const shown = [zine.translation, print ? undefined : rendition.name].filter(Boolean).join(', ');
  // Progress for a long build; watch prints its one line per rebuild instead.
  if (summary) log(`${zine.name}${shown ? ` (${shown})` : ''}: laying out…`);
  // Only the print rendition has pictures; they are taken in the browser while the PDF is finalised here.
  const render = await renderer.render(await document, { withPictures: print, withSnapshot: Boolean(onLaidOut) });
  const layout = inRendition(rendition.name, checkLayout(zine, render.pages, render.blockedRequests));
  warn(layout);
  throwIfErrors(layout);

  // Finalise: neutral metadata and bookmarks; every form starts from this one PDF.
  const meta: PdfMeta = { title: config.title, subject: config.subtitle, author: config.publisher, lang: config.lang, date: editionDate(config.date), headings: zine.headings };
  const reading = await finalizePdf(render.pdf, meta);
  warn(inRendition(rendition.name, checkBudget(zine, reading.length)));
  const pageCount = render.pages.length;
  const refused = forms.flatMap((form) => (madeFrom(form, rendition, config) ? (form.refuse?.(pageCount, config) ?? []) : []));
  throwIfErrors(refused.map(({ reason, fix }) => problem(reason, { file, fix })));

  // Watch: the reading PDF, audited, goes in place at once; the full swap
  // writes it again with the others, or the early write is undone.
  if (onReading) {
    const name = editionFileName(zine, zine.name, 'pdf');
    await auditOutputs([{ name, bytes: reading }], meta.date);
    wroteEarly(writeEarly(dir, name, reading));
    onReading(zine.name);
  }
  if (onLaidOut && render.laidOut) onLaidOut(zine.name, { html: await render.laidOut.snapshot(), config, pages: pageCount });
  const pictures = await render.pictures;
  return { zine, rendition, reading, pageCount, pictures, meta };
}

/** The problems of a zine that could not even be read (an empty or binary index.md); other failures go on up. */
function problemsOf(error: unknown): VFileMessage[] {
  if (error instanceof ZineError) return error.problems;
  throw error;
}
