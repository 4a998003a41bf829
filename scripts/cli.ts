// Command-line arguments and help only; the work is in build.ts.
import { parseArgs } from 'node:util';
import { formatError, usageError, ZineError } from './errors.ts';
import type { Renderer } from './render/renderer.ts';
import { RENDITION_FLAGS } from './renditions.ts';

/** The help text: the forms and the front-matter keys come from their modules, loaded only for it. */
async function helpText(): Promise<string> {
  const [{ describeFrontMatter }, { FORMS }] = await Promise.all([import('./config.ts'), import('./forms/index.ts')]);
  return `zinepress: Markdown guides → zines to share and print (reading and phone PDFs, booklets, mini-zines), in every language

Usage:
  zinepress build [zine…] [options]   build the named zines of content/ (all when none)
  zinepress watch <zine…> [--port N]  build, then rebuild on every change, with a live preview on 127.0.0.1 (default port 4173)
  zinepress new <zine> [--lang xx]    start a zine: content/<zine>/index.md with every front-matter key, and a picture
  zinepress new <zine> --translate xx start a translation: content/<zine>/index.xx.md, the original's text marked to translate
  zinepress audit <pdf…>              list what in these PDFs could identify who made them (exit 1 if anything)
  zinepress bench [zine…]             time builds against pagedjs-cli, write bench/results.md (--runs N, --json)
  zinepress setup-browser             find a browser, or get one: Debian's chromium-headless-shell, else puppeteer's (run by npm install)
  zinepress --help                    this text

Options:
  --browser <path>     Chromium or Chrome to render with (or ZINEPRESS_BROWSER)
  --timeout <seconds>  give up a render after this long (default 300)
  --content <dir>      where the zines are (default content/)
  --output <dir>       where the PDFs go (default output/)
  --html               also write output/<zine>/<zine>.html, the document Paged.js lays out (build, watch)
  --bw                 also the black-and-white set for a copier: <zine>-booklet-bw.pdf… (as colour: [colour, bw])
  --press              also <zine>-press.pdf for a print shop: bleed and crop marks (as press: true)
  --port <N>           port of watch's preview on 127.0.0.1 (0: any free port)
  --lang <xx>          build: only the zines' edition in this language (index.<xx>.md, or the original's), the others' files stay;
                       new: the language of the new zine, a tag such as en, fr, nl, es, de, pt-BR (default en)

Exit status: 0 built, 1 content or build error, 2 bad usage.

Output forms (output/<zine>/; "impose" ones when the front matter's impose: lists them, "--x" ones with that option):
  ${FORMS.map((form) => `${form.name.padEnd(14)}${form.chosen === 'impose' ? '(impose) ' : form.chosen === 'flag' ? `(--${form.name}) ` : ''}${form.description}`).join('\n  ')}

Front matter keys (content/<zine>/index.md):
  ${describeFrontMatter().join('\n  ')}
`;
}

/** The options that take a value: read first on their own, to start a build's browser before the rest loads. */
const VALUE_OPTIONS = {
  browser: { type: 'string' },
  timeout: { type: 'string' },
  content: { type: 'string' },
  output: { type: 'string' },
  runs: { type: 'string' },
  port: { type: 'string' },
  lang: { type: 'string' },
  translate: { type: 'string' },
} as const;

/**
 * A build's browser, started before anything else of zinepress loads: the form registry and
 * the front matter's schema bring pdf-lib and zod with them (about 0.15 s), and Chromium is
 * the slowest thing to start. From a first, lenient reading of the arguments; nothing when
 * they do not plainly ask for a build (the command not first, --help), which then starts
 * its browser after the full reading, or a --timeout that reading refuses. Resolves once the
 * browser process is spawned (the renderer's module loaded), with the start still going on;
 * a usage error found after (an unknown option) closes it, a third of a second later than
 * without the early start.
 */
async function startEarly(argv: string[]): Promise<{ starting: Promise<Renderer> } | undefined> {
  const { values, positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true, options: { ...VALUE_OPTIONS, help: { type: 'boolean', short: 'h' } } });
  if (positionals[0] !== 'build' || argv[0] !== 'build' || values.help) return undefined;
  // A --timeout the full reading will refuse: no browser to start and close again.
  const seconds = typeof values.timeout === 'string' ? Number(values.timeout) : 300;
  if (!(seconds > 0 && seconds <= maxTimeoutSeconds)) return undefined;
  const browserPath = typeof values.browser === 'string' ? values.browser : undefined;
  const { startBuildRenderer } = await import('./render/renderer.ts');
  // launchBrowser spawns the process before its first wait.
  const starting = startBuildRenderer({ browserPath, timeoutMs: seconds * 1000 });
  starting.catch(() => {});
  return { starting };
}

/** `zinepress audit <pdf…>`: findings on stdout, exit 1 if any file has one. */
async function audit(files: string[], say: (line: string) => void, stdout: NodeJS.WritableStream): Promise<number> {
  if (files.length === 0) usageError('audit needs at least one PDF file');
  const { readFile } = await import('node:fs/promises');
  const { auditPdf, formatFindings } = await import('./pdf/audit.ts');
  let found = false;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const findings = await auditPdf(bytes);
    if (findings.length > 0) {
      found = true;
      stdout.write(`${formatFindings(file, findings)}\n`);
    } else {
      say(`${file}: nothing identifying found`);
    }
  }
  return found ? 1 : 0;
}

/** The longest --timeout: Node's timers hold at most 2^31 - 1 ms. */
const maxTimeoutSeconds = 2_147_483;

/** Signals that stop a build, and the exit status a shell gives for each (128 + its number). */
const stopSignals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Run `work` so that Ctrl-C (SIGINT), SIGTERM or SIGHUP stops it at once, with one
 * line and the signal's exit status. process.exit runs the 'exit' listeners of
 * render/browser.ts and of build.ts's writeOutputs: they kill the browser and
 * remove its profile and any staging folder. Outputs are swapped in synchronously,
 * so a signal never lands halfway. The handlers go when `work` ends.
 */
async function stoppable<T>(say: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const stop = (signal: keyof typeof stopSignals) => {
    say(`zinepress: stopped by ${signal}; zines not yet written keep their previous outputs`);
    process.exit(stopSignals[signal]);
  };
  const signals = Object.keys(stopSignals) as (keyof typeof stopSignals)[];
  for (const signal of signals) process.on(signal, stop);
  try {
    return await work();
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}

/** Run the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: string[], { stdout = process.stdout, stderr = process.stderr } = {}): Promise<number> {
  const say = (line: string) => stderr.write(`${line}\n`);
  let early: Promise<Renderer> | undefined;
  try {
    early = (await startEarly(argv))?.starting;
    const { FLAG_FORMS } = await import('./forms/index.ts');
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...VALUE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        ...Object.fromEntries([...FLAG_FORMS, ...RENDITION_FLAGS].map((name) => [name, { type: 'boolean' as const }])),
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === 'help') {
      stdout.write(await helpText());
      return 0;
    }
    if (command === 'setup-browser') {
      const { setupBrowser } = await import('./render/setup.ts');
      await setupBrowser(say);
      return 0;
    }
    if (command === 'audit') return await audit(rest, say, stdout);
    if (command === 'new') {
      if (rest.length !== 1) usageError('new takes one zine name, e.g. zinepress new before-the-meeting');
      if (values.translate !== undefined) {
        const { newTranslation } = await import('./new.ts');
        await newTranslation({ zine: rest[0]!, lang: values.translate as string, contentDir: values.content as string | undefined, log: say });
        const options = values.content ? ` --content ${values.content as string}` : '';
        say(`next: npm run watch -- ${rest[0]}${options}   (the build counts the passages left to translate)`);
        return 0;
      }
      const { newZine } = await import('./new.ts');
      await newZine({ zine: rest[0]!, lang: values.lang as string | undefined, contentDir: values.content as string | undefined, log: say });
      const options = values.content ? ` --content ${values.content as string}` : '';
      say(`next: npm run watch -- ${rest[0]}${options}   (a live preview), or npm run build -- ${rest[0]}${options}`);
      return 0;
    }
    if (command !== 'build' && command !== 'bench' && command !== 'watch') usageError(command ? `unknown command "${command}"` : 'no command given');
    const timeoutSeconds = values.timeout === undefined ? 300 : Number(values.timeout);
    if (!(timeoutSeconds > 0)) usageError(`--timeout takes a number of seconds, not "${values.timeout}"`);
    // Node's timers hold at most 2^31 - 1 ms; beyond, a timer fires after 1 ms.
    if (!(timeoutSeconds <= maxTimeoutSeconds)) usageError(`--timeout takes at most ${maxTimeoutSeconds} seconds (about 24 days), not "${values.timeout}"`);
    if (command === 'bench') {
      const { bench } = await import('./bench.ts');
      return await stoppable(say, () => bench({ zines: rest, runs: values.runs, json: values.json, contentDir: values.content, browserPath: values.browser, timeoutMs: timeoutSeconds * 1000, stdout, log: say }));
    }
    // Forms (--html) and renditions (--bw, --press) chosen on the command line.
    const forms = [...FLAG_FORMS, ...RENDITION_FLAGS].filter((name) => (values as Record<string, unknown>)[name] === true);
    if (command === 'watch') {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) usageError(`--port takes a port number (0 to 65535), not "${values.port}"`);
      const { watch } = await import('./watch.ts');
      return await stoppable(say, () =>
        watch({ zines: rest, port, contentDir: values.content as string | undefined, outputDir: values.output as string | undefined, browserPath: values.browser as string | undefined, timeoutMs: timeoutSeconds * 1000, forms, log: say }),
      );
    }
    // The browser starts first, while the build's modules load (startEarly, when the arguments
    // plainly ask for a build): it is the slowest thing to start.
    const starting = early ?? import('./render/renderer.ts').then(({ startBuildRenderer }) => startBuildRenderer({ browserPath: values.browser, timeoutMs: timeoutSeconds * 1000 }));
    early = undefined;
    starting.catch(() => {});
    const { build } = await import('./build.ts');
    await stoppable(say, () =>
      build({
        starting,
        zines: rest,
        contentDir: values.content,
        outputDir: values.output,
        browserPath: values.browser,
        timeoutMs: timeoutSeconds * 1000,
        forms,
        lang: values.lang as string | undefined,
        log: say,
      }),
    );
    return 0;
  } catch (error) {
    // A browser started early for a command line that then turned out wrong.
    await early?.then((renderer) => renderer.close()).catch(() => {});
    if ((error instanceof ZineError && error.exitCode === 2) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      say(`zinepress: ${(error as Error).message}\nRun "zinepress --help" for usage.`);
      return 2;
    }
    if (error instanceof ZineError) {
      say(formatError(error));
      return 1;
    }
    say(`zinepress: unexpected failure: ${(error as Error).stack ?? error}`);
    return 1;
  }
}
