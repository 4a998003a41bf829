// `zinepress bench`: how long a build takes and how much memory it uses, against
// a bare Chromium print of the same HTML measured in the same run. Timing lives
// here, never in the tests. Each run measures every item once, in turn, so a
// burst of load on a shared machine spreads over all items instead of one.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'puppeteer';
import { build } from './build.ts';
import { composeZine } from './compose.ts';
import { formatError, ZineError } from './errors.ts';
import { projectRoot, readProjectSources, readZineSources, selectZines } from './sources.ts';
import { usageError } from './errors.ts';
import { findBrowser, launchBrowser, type FoundBrowser } from './render/browser.ts';
import { renderPdf } from './render/paged.ts';
import { startWatch } from './watch.ts';

export interface BenchOptions {
  /** Zines of the content folder to measure; all of them when empty. */
  zines: string[];
  /** Runs of every measurement (default 5), as given on the command line. */
  runs?: string;
  /** Print JSON instead of the table. */
  json?: boolean;
  contentDir?: string;
  browserPath?: string;
  timeoutMs?: number;
  /** Pages of the generated scaling zine (0 skips it). */
  scalingPages?: number;
  stdout?: NodeJS.WritableStream;
  /** Progress (stderr in the CLI). */
  log?: (line: string) => void;
  /** Where the report is written with the machine, date and commit (default bench/results.md); '' writes none. */
  resultsPath?: string;
}

/** Median, min and max of one measurement over the runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** One row of the report: a measured thing, its times and the browser's peak memory. */
export interface BenchRow {
  name: string;
  /** Pages of the PDF it made. */
  pages: number;
  ms: Summary;
  /** Peak of the summed RSS of the browser's process tree during the measurement, in kB. */
  chromiumPeakKb: Summary;
  /** The same for PSS (shared pages divided among the processes that share them): closer to what the machine lost. */
  chromiumPeakPssKb: Summary;
  /** Name of the row this one is compared with (its median time divided by that row's). */
  reference?: string;
  /** Also print milliseconds per page. */
  perPage?: boolean;
}

export interface BenchReport {
  runs: number;
  node: string;
  browser: string;
  cores: number;
  /** Load average (1, 5, 15 min) at the start and at the end. */
  loadStart: number[];
  loadEnd: number[];
  rows: BenchRow[];
  /** Peak RSS of this node process (process.resourceUsage().maxRSS) in kB, before and after the scaling zine. */
  nodePeakKb: { zines: number; total: number };
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median, min and max of a list of samples. */
export function summarize(values: number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** "--runs N": a whole number of runs, at least 1. */
export function parseRuns(value: string | undefined): number {
  if (value === undefined) return 5;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) usageError(`--runs takes a whole number of runs (1 or more), not "${value}"`);
  return runs;
}

/** "0.84 s" under ten seconds, "12.3 s" above. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
}

/** kB → "312 MB" (MiB, as the kernel counts). */
export function formatMegabytes(kb: number): string {
  return `${Math.round(kb / 1024)} MB`;
}

/** The report as an aligned table, with ratios against each row's reference. */
export function formatReport(report: BenchReport): string {
  const byName = new Map(report.rows.map((row) => [row.name, row]));
  const header = ['measured', 'pages', 'median', 'min', 'max', '× ref', 'Chromium RSS', 'PSS'];
  const lines = report.rows.map((row) => {
    const reference = row.reference ? byName.get(row.reference) : undefined;
    const ratio = reference ? `${(row.ms.median / reference.ms.median).toFixed(2)}×` : '';
    const perPage = row.perPage ? ` (${Math.round(row.ms.median / row.pages)} ms/page)` : '';
    return [row.name, String(row.pages), formatSeconds(row.ms.median) + perPage, formatSeconds(row.ms.min), formatSeconds(row.ms.max), ratio, formatMegabytes(row.chromiumPeakKb.median), formatMegabytes(row.chromiumPeakPssKb.median)];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  // Names left-aligned, numbers right-aligned.
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return [
    `zinepress bench: medians of ${report.runs} run${report.runs === 1 ? '' : 's'}, ${report.cores} cores, node ${report.node}, ${report.browser}`,
    `load average ${load(report.loadStart)} at the start, ${load(report.loadEnd)} at the end`,
    '',
    format(header),
    ...lines.map(format),
    '',
    `× ref: median time divided by the reference's; reference = the same browser and flags printing the same composed HTML (setContent, page.pdf) without Paged.js or post-processing; for the edit rows, the zine's cold build.`,
    `Chromium RSS, PSS: median over the runs of the peak of the summed RSS (shared pages counted in every process) and PSS (shared pages divided) of the browser's processes; warm rows share one browser.`,
    `node peak RSS: ${formatMegabytes(report.nodePeakKb.zines)} building the zines, ${formatMegabytes(report.nodePeakKb.total)} after the scaling zine.`,
  ].join('\n');
}

/** What the results file says of where and when it was measured. */
export interface BenchContext {
  date: Date;
  commit: string;
  machine: string;
}

/** bench/results.md: the context, then the report as printed. */
export function formatResultsFile(report: BenchReport, { date, commit, machine }: BenchContext): string {
  return [
    '# zinepress bench results',
    '',
    'Written by `npm run bench`; run it again rather than editing this file. Read the ratios, not the seconds: the load moves the seconds.',
    '',
    `- date: ${date.toISOString()}`,
    `- commit: ${commit}`,
    `- machine: ${machine}`,
    '',
    '```',
    formatReport(report),
    '```',
    '',
  ].join('\n');
}

/** The commit being measured, with "+ changes" when the work tree differs from it. */
function currentCommit(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: projectRoot, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}`;
}

/** CPU model, cores and memory, as the results file names the machine. */
function describeMachine(): string {
  const [cpu] = cpus();
  return `${cpu?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, ${platform()} ${release()}`;
}

/** Run the benchmark and print the report; returns the exit status. */
export async function bench({
  zines,
  runs: runsOption,
  json = false,
  contentDir = join(projectRoot, 'content'),
  browserPath,
  timeoutMs = 300_000,
  scalingPages = 200,
  stdout = process.stdout,
  log = () => {},
  resultsPath = join(projectRoot, 'bench', 'results.md'),
}: BenchOptions): Promise<number> {
  const runs = parseRuns(runsOption);
  const selected = selectZines(contentDir, zines, { usage: usageError });
  const found = findBrowser(browserPath);
  const loadStart = loadavg();

  const composed = new Map<string, string>();
  const project = await readProjectSources();
  for (const zine of selected) composed.set(zine, await composeHtml(contentDir, zine, project));
  const scalingDir = scalingPages > 0 ? await writeScalingZine(scalingPages) : undefined;
  const scalingName = `build ${scalingPages}-page zine (cold)`;

  // Rows in the order of the table: per zine, cold build and its reference, warm render and its reference.
  const samples = new Map<string, { ms: number[]; kb: number[]; pssKb: number[]; pages: number; reference?: string; perPage?: boolean }>();
  for (const zine of selected) {
    samples.set(`build ${zine} (cold)`, { ms: [], kb: [], pssKb: [], pages: 0, reference: `reference ${zine} (cold)` });
    samples.set(`reference ${zine} (cold)`, { ms: [], kb: [], pssKb: [], pages: 0 });
    samples.set(`render ${zine} (warm)`, { ms: [], kb: [], pssKb: [], pages: 0, reference: `reference ${zine} (warm)` });
    samples.set(`reference ${zine} (warm)`, { ms: [], kb: [], pssKb: [], pages: 0 });
    samples.set(`edit ${zine}: text → reading PDF (watch)`, { ms: [], kb: [], pssKb: [], pages: 0, reference: `build ${zine} (cold)` });
    samples.set(`edit ${zine}: style → reading PDF (watch)`, { ms: [], kb: [], pssKb: [], pages: 0, reference: `build ${zine} (cold)` });
  }
  if (scalingDir) samples.set(scalingName, { ms: [], kb: [], pssKb: [], pages: 0, perPage: true });
  const record = (name: string, ms: number, memory: Memory, pages: number) => {
    const entry = samples.get(name)!;
    entry.ms.push(ms);
    entry.kb.push(memory.rssKb);
    entry.pssKb.push(memory.pssKb);
    entry.pages = pages;
  };

  let browserVersion = found.path;
  let nodePeakZinesKb = 0;
  try {
    // One uncounted pass: module loading, JIT and the file cache are not what we measure.
    log('bench: warm-up pass (not counted)');
    await coldBuild(contentDir, selected[0]!, timeoutMs);
    await coldReference(found, composed.get(selected[0]!)!);

    for (let run = 1; run <= runs; run++) {
      log(`bench: run ${run} of ${runs}`);
      for (const zine of selected) {
        const built = await measure(() => coldBuild(contentDir, zine, timeoutMs));
        record(`build ${zine} (cold)`, built.ms, built.peak, built.value);
        const bare = await measure(() => coldReference(found, composed.get(zine)!));
        record(`reference ${zine} (cold)`, bare.ms, bare.peak, await countPages(bare.value));
      }

      // Warm: one browser and one uncounted render, then a render and a bare print of each zine.
      const warm: { name: string; ms: number; pages: number }[] = [];
      const running = await launchBrowser(found);
      const sampler = startSampler();
      let peak: Memory = { rssKb: 0, pssKb: 0 };
      try {
        browserVersion = await running.browser.version();
        await renderPdf(running.browser, composed.get(selected[0]!)!, { timeoutMs });
        for (const zine of selected) {
          const html = composed.get(zine)!;
          const rendered = await time(() => renderPdf(running.browser, html, { timeoutMs }));
          warm.push({ name: `render ${zine} (warm)`, ms: rendered.ms, pages: rendered.value.pages.length });
          const bare = await time(() => printBare(running.browser, html));
          warm.push({ name: `reference ${zine} (warm)`, ms: bare.ms, pages: await countPages(bare.value) });
        }
      } finally {
        peak = await sampler.stop();
        await running.close();
      }
      // One browser served every warm row: its peak is each row's peak.
      for (const row of warm) record(row.name, row.ms, peak, row.pages);
      if (run === 1) nodePeakZinesKb = process.resourceUsage().maxRSS;

      if (scalingDir) {
        const built = await measure(() => coldBuild(scalingDir, 'scaling', timeoutMs));
        record(scalingName, built.ms, built.peak, built.value);
      }
    }
    // Warm edits: the watch loop, one browser and primed tab for all the runs of a zine.
    for (const zine of selected) {
      log(`bench: ${runs} text and ${runs} style edits of ${zine} (watch)`);
      const { value: edits, peak } = await measure(() => warmEdits(contentDir, zine, runs, timeoutMs, found.path));
      for (const ms of edits.text) record(`edit ${zine}: text → reading PDF (watch)`, ms, peak, edits.pages);
      for (const ms of edits.style) record(`edit ${zine}: style → reading PDF (watch)`, ms, peak, edits.pages);
    }
  } finally {
    if (scalingDir) await rm(scalingDir, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [...samples].map(([name, entry]) => ({
    name,
    pages: entry.pages,
    ms: summarize(entry.ms),
    chromiumPeakKb: summarize(entry.kb),
    chromiumPeakPssKb: summarize(entry.pssKb),
    ...(entry.reference ? { reference: entry.reference } : {}),
    ...(entry.perPage ? { perPage: true } : {}),
  }));
  const report: BenchReport = {
    runs,
    node: process.version,
    browser: browserVersion,
    cores: availableParallelism(),
    loadStart,
    loadEnd: loadavg(),
    rows,
    nodePeakKb: { zines: nodePeakZinesKb, total: process.resourceUsage().maxRSS },
  };
  stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  if (resultsPath) {
    await mkdir(dirname(resultsPath), { recursive: true });
    await writeFile(resultsPath, formatResultsFile(report, { date: new Date(), commit: currentCommit(), machine: describeMachine() }));
    log(`bench: results written to ${resultsPath}`);
  }
  return 0;
}

/** Milliseconds from an edit written to the new reading PDF on disk. */
interface WarmEdits {
  text: number[];
  style: number[];
  pages: number;
}

/**
 * Watch a copy of the zine (and of templates/ and styles/) and time `runs` text
 * edits and `runs` style edits, each from the file written to the new reading
 * PDF in place, after one uncounted edit. Each edit waits for the last rebuild
 * to end: an edit during a rebuild would time the rebuild too.
 */
export async function warmEdits(contentDir: string, zine: string, runs: number, timeoutMs: number, browserPath?: string): Promise<WarmEdits> {
  const root = await mkdtemp(join(tmpdir(), 'zinepress-bench-watch-'));
  const copy = join(root, 'content');
  const project = join(root, 'project');
  cpSync(join(contentDir, zine), join(copy, zine), { recursive: true });
  for (const folder of ['templates', 'styles']) cpSync(join(projectRoot, folder), join(project, folder), { recursive: true });
  let reading: (() => void) | undefined;
  let rebuilt: ((ok: boolean) => void) | undefined;
  let pages = 0;
  const session = await startWatch({
    zines: [zine],
    contentDir: copy,
    outputDir: join(root, 'output'),
    projectDir: project,
    browserPath,
    timeoutMs,
    serve: false,
    onReading: () => reading?.(),
    onRebuilt: (result) => {
      pages = result.pages ?? pages;
      rebuilt?.(result.ok);
    },
  });
  const edit = async (file: string, change: (text: string, n: number) => string, n: number): Promise<number> => {
    const done = new Promise<boolean>((resolve) => (rebuilt = resolve));
    const landed = new Promise<number>((resolve) => (reading = () => resolve(performance.now())));
    const started = performance.now();
    writeFileSync(file, change(readFileSync(file, 'utf8'), n));
    if (!(await done)) throw new Error(`bench: an edit of ${file} did not build`);
    return (await landed) - started;
  };
  // A word added to, then taken from, the first paragraph; a rule of the cover's title, changed.
  const text = (source: string, n: number) => {
    const bodyAt = source.indexOf('\n---', 3) + 4;
    const body = source.slice(bodyAt);
    return source.slice(0, bodyAt) + (n % 2 ? body.replace(/^([^\s#>:!|*\d-].*\S)$/m, '$1 encore') : body.replace(/ encore$/m, ''));
  };
  const style = (css: string, n: number) => `${css.replace(/\n\/\* bench \*\/.*$/s, '')}\n/* bench */ .cover-title { letter-spacing: ${n % 2 ? '0.01em' : '0'}; }\n`;
  const index = join(copy, zine, 'index.md');
  const theme = join(project, 'styles', 'theme.css');
  try {
    await edit(index, text, 1);
    const result: WarmEdits = { text: [], style: [], pages: 0 };
    for (let n = 0; n < runs; n++) {
      result.text.push(await edit(index, text, n));
      result.style.push(await edit(theme, style, n + 1));
    }
    return { ...result, pages };
  } finally {
    await session.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The full build of one zine into a fresh temporary folder, with its own browser: what a user runs. */
async function coldBuild(contentDir: string, zine: string, timeoutMs: number): Promise<number> {
  const outputDir = await mkdtemp(join(tmpdir(), 'zinepress-bench-'));
  try {
    const [manifest] = await build({ zines: [zine], contentDir, outputDir, timeoutMs });
    return manifest!.pages;
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

/** The reference: the same browser and flags print the same HTML, nothing else. */
async function coldReference(found: FoundBrowser, html: string): Promise<Uint8Array> {
  const running = await launchBrowser(found);
  try {
    return await printBare(running.browser, html);
  } finally {
    await running.close();
  }
}

/** A bare print: new tab, setContent, page.pdf with build's PDF options, close the tab. */
async function printBare(browser: Browser, html: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load', timeout: 0 });
    return new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, timeout: 0 }));
  } finally {
    await page.close();
  }
}

async function countPages(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Time `work` while sampling the memory of the browsers it starts. */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; peak: Memory; value: T }> {
  const sampler = startSampler();
  try {
    const { ms, value } = await time(work);
    return { ms, value, peak: await sampler.stop() };
  } catch (error) {
    await sampler.stop();
    throw error;
  }
}

// Runs in a worker thread so that sampling goes on while the main thread is busy
// (Markdown, pdf-lib). Every ~100 ms: the sums of RSS and PSS of every descendant
// of this process (the browsers puppeteer starts), read from /proc.
const samplerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
function treeKb(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\\d+$/.test(name)) continue;
    try {
      const stat = readFileSync('/proc/' + name + '/stat', 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {}
  }
  let rssKb = 0, pssKb = 0;
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop();
    queue.push(...(children.get(pid) ?? []));
    try {
      const rollup = readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8');
      rssKb += Number(/^Rss:\\s+(\\d+) kB/m.exec(rollup)?.[1] ?? 0);
      pssKb += Number(/^Pss:\\s+(\\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {}
  }
  return { rssKb, pssKb };
}
const peak = { rssKb: 0, pssKb: 0 };
const sample = () => {
  const now = treeKb(workerData.root);
  peak.rssKb = Math.max(peak.rssKb, now.rssKb);
  peak.pssKb = Math.max(peak.pssKb, now.pssKb);
};
const timer = setInterval(sample, 100);
sample();
parentPort.on('message', () => { clearInterval(timer); sample(); parentPort.postMessage(peak); });
`;

/** Peak memory of the browser's process tree, in kB. */
interface Memory {
  rssKb: number;
  pssKb: number;
}

/** Start sampling the browser's process tree; stop() resolves with the peaks (0 where /proc is missing). */
function startSampler(): { stop(): Promise<Memory> } {
  if (!hasProc()) return { stop: async () => ({ rssKb: 0, pssKb: 0 }) };
  const worker = new Worker(samplerSource, { eval: true, workerData: { root: process.pid } });
  return {
    async stop() {
      const peak = new Promise<Memory>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const kb = await peak;
      await worker.terminate();
      return kb;
    },
  };
}

function hasProc(): boolean {
  try {
    return readFileSync('/proc/self/smaps_rollup', 'utf8').includes('Pss:');
  } catch {
    return false;
  }
}

/** A content folder with one generated zine of about `pages` A5 pages: a section a page. */
async function writeScalingZine(pages: number): Promise<string> {
  const contentDir = await mkdtemp(join(tmpdir(), 'zinepress-bench-content-'));
  const paragraph =
    'Avant chaque réunion, on vérifie les appareils, les comptes et les personnes invitées. ' +
    'On choisit un outil chiffré de bout en bout, on partage le lien par un autre canal, et on convient à l’avance de ce qui ne se dit pas en ligne. ' +
    'Après la réunion, on efface ce qui doit l’être et on fait le point sur ce qui a marché.';
  // Two pages are the covers; every "#" section starts a page and fills most of it.
  const sections = Array.from({ length: pages - 2 }, (_, i) => `# Partie ${i + 1}\n\n${Array(4).fill(paragraph).join('\n\n')}\n\n- Un point à retenir.\n- Un autre point.\n`);
  const front = ['---', 'title: "Banc d’essai"', 'lang: fr', 'edition: 1', 'date: 2026-01-01', '---', ''].join('\n');
  await mkdir(join(contentDir, 'scaling'));
  await writeFile(join(contentDir, 'scaling', 'index.md'), `${front}\n${sections.join('\n')}`);
  return contentDir;
}

/** One zine's composed HTML, exactly as the build hands it to the browser. */
async function composeHtml(contentDir: string, name: string, project: Awaited<ReturnType<typeof readProjectSources>>): Promise<string> {
  const { zine, problems } = await composeZine(await readZineSources(contentDir, name), project);
  if (!zine) throw new ZineError(problems.filter((p) => p.fatal));
  return zine.html;
}
