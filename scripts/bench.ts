// `zinepress bench`: how long a build takes and how much memory it uses, against
// a bare Chromium print of the same HTML measured in the same run. Timing lives
// here, never in the tests. Each run measures every item once, in turn, so a
// burst of load on a shared machine spreads over all items instead of one.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFile, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'puppeteer';
import { composeZine } from './compose.ts';
import { formatError, ZineError } from './errors.ts';
import { projectRoot, readProjectSources, readZineSources, selectZines } from './sources.ts';
import { usageError } from './errors.ts';
import { imposeBooklet } from './impose/booklet.ts';
import { findBrowser, launchBrowser } from './render/browser.ts';
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
  /**
   * Processor time of the whole machine during each run, in ms (every core, every process:
   * the build or the peer with its browser, and whatever else ran). Cold rows only, on Linux.
   */
  cpuMs?: Summary;
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
  /** The goals the numbers are held to, each with what was measured. */
  targets: Target[];
}

/** A goal: a measured value against its limit (a ratio, milliseconds or kilobytes). */
export interface Target {
  name: string;
  value: number;
  limit: number;
  unit: 'ratio' | 'ms' | 'kB';
}

/** "0.48× (≤ 0.50×) met", "0.62 s (≤ 0.50 s) NOT met". */
export function formatTarget({ value, limit, unit }: Target): string {
  const show = (n: number) => (unit === 'ratio' ? `${n.toFixed(2)}×` : unit === 'ms' ? formatSeconds(n) : formatMegabytes(n));
  return `${show(value)} (≤ ${show(limit)}) ${value <= limit ? 'met' : 'NOT met'}`;
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
  const header = ['measured', 'pages', 'median', 'min', 'max', '× ref', 'CPU', 'Chromium RSS', 'PSS'];
  const lines = report.rows.map((row) => {
    const reference = row.reference ? byName.get(row.reference) : undefined;
    const ratio = reference ? `${(row.ms.median / reference.ms.median).toFixed(2)}×` : '';
    const perPage = row.perPage ? ` (${Math.round(row.ms.median / row.pages)} ms/page)` : '';
    const cpu = row.cpuMs ? formatSeconds(row.cpuMs.median) : '';
    return [row.name, String(row.pages), formatSeconds(row.ms.median) + perPage, formatSeconds(row.ms.min), formatSeconds(row.ms.max), ratio, cpu, formatMegabytes(row.chromiumPeakKb.median), formatMegabytes(row.chromiumPeakPssKb.median)];
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
    `× ref: median time divided by the reference's. "zinepress build" rows are a new process making every output; "pagedjs-cli" rows render the same composed HTML to one PDF; "bare print" rows are the same browser printing that HTML without Paged.js; edit rows are compared with the zine's cold build.`,
    `CPU: median over the runs of the processor time the whole machine spent during one (all cores, every process; cold rows). With ${report.cores} cores, a run takes at least its CPU divided by ${report.cores}.`,
    `Chromium RSS, PSS: median over the runs of the peak of the summed RSS (shared pages counted in every process) and PSS (shared pages divided) of the browser's processes; warm rows share one browser.`,
    `node peak RSS: ${formatMegabytes(report.nodePeakKb.zines)} building the zines, ${formatMegabytes(report.nodePeakKb.total)} after the scaling zine.`,
    ...(report.targets.length > 0 ? ['', 'targets:', ...report.targets.map((target) => `  ${target.name}: ${formatTarget(target)}`)] : []),
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
  // The peer as a user here runs it: with Debian's full chromium, when there is one.
  const debianChromium = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const loadStart = loadavg();
  const work = await mkdtemp(join(tmpdir(), 'zinepress-bench-'));

  // Each case: a content folder, a zine, and the composed HTML handed to the peer (what `build --html` writes).
  const project = await readProjectSources();
  const cases: { label: string; contentDir: string; zine: string; html: string; htmlPath: string; perPage?: boolean }[] = [];
  for (const zine of selected) cases.push({ label: zine, contentDir, zine, ...(await writeHtml(work, contentDir, zine, project)) });
  if (scalingPages > 0) {
    const scalingDir = await writeScalingZine(work, scalingPages);
    cases.push({ label: `${scalingPages}-page zine`, contentDir: scalingDir, zine: 'scaling', ...(await writeHtml(work, scalingDir, 'scaling', project)), perPage: true });
  }

  type Samples = { ms: number[]; cpuMs: number[]; kb: number[]; pssKb: number[]; pages: number; reference?: string; perPage?: boolean };
  const samples = new Map<string, Samples>();
  const noSamples = (more: Partial<Samples> = {}): Samples => ({ ms: [], cpuMs: [], kb: [], pssKb: [], pages: 0, ...more });
  // The peer with Debian's chromium, and with zinepress's browser when that is another one.
  const peerBrowsers = [...new Set([debianChromium, found.path].filter((path): path is string => Boolean(path)))];
  const peer = (label: string, browser: string) => `pagedjs-cli ${label} (${browser === debianChromium ? 'Debian chromium' : 'same browser'})`;
  for (const { label, perPage } of cases) {
    samples.set(`zinepress build ${label}`, noSamples({ reference: debianChromium ? peer(label, debianChromium) : peer(label, found.path), perPage }));
    for (const browser of peerBrowsers) samples.set(peer(label, browser), noSamples());
  }
  for (const { label, perPage } of cases.filter((c) => !c.perPage)) {
    samples.set(`render ${label} (warm)`, noSamples({ reference: `bare print ${label} (warm)`, perPage }));
    samples.set(`bare print ${label} (warm)`, noSamples());
    samples.set(`edit ${label}: text → reading PDF (watch)`, noSamples({ reference: `zinepress build ${label}` }));
    samples.set(`edit ${label}: style → reading PDF (watch)`, noSamples({ reference: `zinepress build ${label}` }));
  }
  const imposition = `booklet of a ${IMPOSED_PAGES}-page PDF`;
  samples.set(imposition, noSamples({ pages: IMPOSED_PAGES }));
  const record = (name: string, ms: number, memory: Memory, pages: number, cpuMs?: number) => {
    const entry = samples.get(name)!;
    entry.ms.push(ms);
    if (cpuMs !== undefined) entry.cpuMs.push(cpuMs);
    entry.kb.push(memory.rssKb);
    entry.pssKb.push(memory.pssKb);
    entry.pages = pages;
  };

  let browserVersion = found.path;
  let nodePeakZinesKb = 0;
  try {
    // One uncounted pass: the file cache, the compiled command and the browsers' first starts are not what we measure.
    log('bench: warm-up pass (not counted)');
    await spawnBuild(work, cases[0]!, found.path, timeoutMs);
    await spawnPeer(work, cases[0]!, found.path, timeoutMs);
    const reading = await longReadingPdf(IMPOSED_PAGES);

    for (let run = 1; run <= runs; run++) {
      log(`bench: run ${run} of ${runs}`);
      // zinepress and its peer alternate, case by case, so that load falls on both alike.
      for (const item of cases) {
        const built = await measure(() => spawnBuild(work, item, found.path, timeoutMs));
        record(`zinepress build ${item.label}`, built.ms, built.peak, built.value, built.cpuMs);
        for (const browser of peerBrowsers) {
          const printed = await measure(() => spawnPeer(work, item, browser, timeoutMs));
          record(peer(item.label, browser), printed.ms, printed.peak, printed.value, printed.cpuMs);
        }
      }

      // Warm: one browser and one uncounted render, then a render and a bare print of each zine.
      const warm: { name: string; ms: number; pages: number }[] = [];
      const running = await launchBrowser(found);
      const sampler = startSampler();
      let peak: Memory = { rssKb: 0, pssKb: 0 };
      try {
        browserVersion = await running.browser.version();
        await renderPdf(running.browser, cases[0]!.html, { timeoutMs });
        for (const item of cases.filter((c) => !c.perPage)) {
          const rendered = await time(() => renderPdf(running.browser, item.html, { timeoutMs }));
          warm.push({ name: `render ${item.label} (warm)`, ms: rendered.ms, pages: rendered.value.pages.length });
          const bare = await time(() => printBare(running.browser, item.html));
          warm.push({ name: `bare print ${item.label} (warm)`, ms: bare.ms, pages: await countPages(bare.value) });
        }
      } finally {
        peak = await sampler.stop();
        await running.close();
      }
      for (const row of warm) record(row.name, row.ms, peak, row.pages);
      if (run === 1) nodePeakZinesKb = process.resourceUsage().maxRSS;

      const imposed = await time(() => imposeBooklet(reading));
      record(imposition, imposed.ms, { rssKb: 0, pssKb: 0 }, IMPOSED_PAGES);
    }
    // Warm edits: the watch loop, one browser and primed tab for all the runs of a zine.
    for (const item of cases.filter((c) => !c.perPage)) {
      log(`bench: ${runs} text and ${runs} style edits of ${item.label} (watch)`);
      const { value: edits, peak } = await measure(() => warmEdits(item.contentDir, item.zine, runs, timeoutMs, found.path));
      for (const ms of edits.text) record(`edit ${item.label}: text → reading PDF (watch)`, ms, peak, edits.pages);
      for (const ms of edits.style) record(`edit ${item.label}: style → reading PDF (watch)`, ms, peak, edits.pages);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [...samples].map(([name, entry]) => ({
    name,
    pages: entry.pages,
    ms: summarize(entry.ms),
    ...(entry.cpuMs.length > 0 ? { cpuMs: summarize(entry.cpuMs) } : {}),
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
    targets: targetsOf(rows, { cases: cases.map((c) => ({ label: c.label, scaling: Boolean(c.perPage) })), debian: Boolean(debianChromium), sameBrowser: (label) => peer(label, found.path), installed: (label) => peer(label, debianChromium ?? found.path), imposition }),
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

/** Pages of the PDF the imposition case turns into a booklet. */
const IMPOSED_PAGES = 500;

/** The goals of the benchmark, read off the rows: cold builds against pagedjs-cli, imposition time, memory. */
export function targetsOf(
  rows: BenchRow[],
  { cases, debian, sameBrowser, installed, imposition }: { cases: { label: string; scaling: boolean }[]; debian: boolean; sameBrowser: (label: string) => string; installed: (label: string) => string; imposition: string },
): Target[] {
  const byName = new Map(rows.map((row) => [row.name, row]));
  const ratio = (a: string, b: string) => byName.get(a)!.ms.median / byName.get(b)!.ms.median;
  const targets: Target[] = [];
  for (const { label, scaling } of cases) {
    const ours = `zinepress build ${label}`;
    if (debian) targets.push({ name: `${label}, cold, every output vs pagedjs-cli with Debian chromium`, value: ratio(ours, installed(label)), limit: 0.5, unit: 'ratio' });
    targets.push({ name: `${label}, cold, every output vs pagedjs-cli with the same browser`, value: ratio(ours, sameBrowser(label)), limit: scaling ? 0.6 : 1, unit: 'ratio' });
    if (!scaling) targets.push({ name: `${label}, peak memory of the build (node and every Chromium process, PSS)`, value: byName.get(ours)!.chromiumPeakPssKb.median, limit: 500 * 1024, unit: 'kB' });
    for (const kind of ['text', 'style']) {
      const edit = byName.get(`edit ${label}: ${kind} → reading PDF (watch)`);
      if (edit) targets.push({ name: `${label}, a ${kind} edit to the new reading PDF on disk (watch)`, value: edit.ms.median, limit: 600, unit: 'ms' });
    }
  }
  targets.push({ name: imposition, value: byName.get(imposition)!.ms.median, limit: 500, unit: 'ms' });
  return targets;
}

/**
 * The Node flags zinepress runs with: those of its first line (`#!/usr/bin/env -S node …`),
 * which the npm scripts repeat (tests/bench.test.ts checks that they do).
 */
export function zinepressNodeFlags(entry = join(projectRoot, 'scripts', 'zinepress.js')): string[] {
  const shebang = readFileSync(entry, 'utf8').split('\n', 1)[0]!;
  const flags = /^#!\/usr\/bin\/env (?:-S )?node((?: --[\w-]+(?:=\S+)?)*)$/.exec(shebang)?.[1];
  if (flags === undefined) throw new Error(`${entry}: its first line is not "#!/usr/bin/env [-S] node [flags]" but ${JSON.stringify(shebang)}`);
  return flags.split(' ').filter(Boolean);
}

/** `zinepress build` as a user runs it: a new process, every output, into a fresh folder; resolves with the page count. */
async function spawnBuild(work: string, { contentDir, zine }: { contentDir: string; zine: string }, browser: string, timeoutMs: number): Promise<number> {
  const outputDir = await mkdtemp(join(work, 'out-'));
  const command = [...zinepressNodeFlags(), join(projectRoot, 'scripts', 'zinepress.js'), 'build', zine, '--content', contentDir, '--output', outputDir, '--browser', browser];
  await run(process.execPath, command, timeoutMs);
  const manifest = JSON.parse(readFileSync(join(outputDir, zine, 'manifest.json'), 'utf8')) as { pages: number };
  await rm(outputDir, { recursive: true, force: true });
  return manifest.pages;
}

/** pagedjs-cli rendering the same HTML to one PDF with `browser`; resolves with the page count. */
async function spawnPeer(work: string, { htmlPath }: { htmlPath: string }, browser: string, timeoutMs: number): Promise<number> {
  const pdf = join(work, `peer-${process.hrtime.bigint()}.pdf`);
  // Its "exports" hides the command: go from its main entry (src/index.js) to src/cli.js.
  const cli = join(dirname(createRequire(import.meta.url).resolve('pagedjs-cli')), 'cli.js');
  // As root Chromium needs --no-sandbox; the rest keeps it off the network, as zinepress does.
  const args = '--no-sandbox,--disable-gpu,--no-first-run,--disable-background-networking,--disable-component-update,--disable-sync';
  // Its puppeteer leaves profile folders in TMPDIR: give it one inside the bench's folder, removed at the end.
  const tmp = await mkdtemp(join(work, 'peer-tmp-'));
  await run(process.execPath, [cli, htmlPath, '-o', pdf, '--browserArgs', args], timeoutMs, { PUPPETEER_EXECUTABLE_PATH: browser, TMPDIR: tmp });
  const pages = await countPages(new Uint8Array(readFileSync(pdf)));
  await rm(pdf, { force: true });
  return pages;
}

/** Run a command to its end; a failure says which and what it printed. */
function run(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`bench: ${args.slice(0, 2).join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
      else resolve();
    });
  });
}

/** The composed HTML of a zine, and the file it is written to, as `build --html` writes it: what the peer renders. */
async function writeHtml(work: string, contentDir: string, zine: string, project: Awaited<ReturnType<typeof readProjectSources>>): Promise<{ html: string; htmlPath: string }> {
  const htmlPath = join(work, `${zine}.html`);
  const html = await composeHtml(contentDir, zine, project);
  await writeFile(htmlPath, html);
  return { html, htmlPath };
}

/** A reading PDF of `pages` A5 pages with a line of text each, made with pdf-lib. */
async function longReadingPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([419.53, 595.28]).drawText(`Page ${i}`, { x: 40, y: 550, size: 14, font });
  return doc.save();
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

/** Time `work` while sampling the memory of the browsers it starts, and the machine's processor time it took (Linux). */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; peak: Memory; value: T; cpuMs?: number }> {
  const sampler = startSampler();
  try {
    const busy = machineBusyMs();
    const { ms, value } = await time(work);
    const after = machineBusyMs();
    return { ms, value, peak: await sampler.stop(), ...(busy !== undefined && after !== undefined ? { cpuMs: after - busy } : {}) };
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

/**
 * The machine's busy processor time in ms from the first line of /proc/stat: user, nice,
 * system, irq and softirq, summed over the cores; idle, I/O wait and time stolen by a
 * hypervisor are not. The kernel counts in USER_HZ ticks, 100 a second on Linux.
 */
export function busyMsOfStat(stat: string): number {
  const line = stat.split('\n', 1)[0]!;
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 8) throw new Error(`bench: /proc/stat does not start with the cpu line: ${line}`);
  const [user, nice, system, , , irq, softirq] = fields.slice(1, 8).map(Number);
  return (user! + nice! + system! + irq! + softirq!) * 10;
}

/** busyMsOfStat of this machine now; undefined without /proc/stat. */
function machineBusyMs(): number | undefined {
  try {
    return busyMsOfStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

function hasProc(): boolean {
  try {
    return readFileSync('/proc/self/smaps_rollup', 'utf8').includes('Pss:');
  } catch {
    return false;
  }
}

/** A content folder with one generated zine of about `pages` A5 pages: a section a page. */
async function writeScalingZine(work: string, pages: number): Promise<string> {
  const contentDir = await mkdtemp(join(work, 'content-'));
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
