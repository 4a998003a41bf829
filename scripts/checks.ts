// Checks between the stages: the layout of the render (overflow is an error;
// stranded headings, empty pages and refused requests are warnings), the size
// budget of the reading PDF, and the audit of every PDF before it is written.
import type { VFileMessage } from 'vfile-message';
import type { ComposedZine } from './compose.ts';
import { fail, problem } from './errors.ts';
import { auditPdf, formatFindings } from './pdf/audit.ts';
import { MIN_FILL, MIN_TABLE_SCALE, type OverflowKind, type PageReport } from './render/paged.ts';

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

/** What sticks out, and a fix that works for it. */
const overflowFixes: Record<OverflowKind, { what: string; fix: string }> = {
  table: {
    what: `a table wider than the page, even with its type at ${MIN_TABLE_SCALE * 100} %`,
    fix: 'give the table fewer columns (split it in two, or turn it into a list), shorten the longest words of its cells, or choose a larger trim',
  },
  code: {
    what: 'a line of code with no place to break',
    fix: 'break the long line of the code block by hand (a space, or a backslash and a new line in a shell command)',
  },
  image: {
    what: 'an image larger than the page',
    fix: 'crop or resize the image, or set it inside the text rather than next to other content',
  },
  text: {
    what: 'a word longer than the line',
    fix: 'add a space or a hyphen to the long word, or make an address a link with shorter text',
  },
};

/** What the layout shows: overflow is an error; refused requests, stranded headings, empty pages and pages left part empty are warnings. */
export function checkLayout({ indexPath: file, source }: ComposedZine, pages: PageReport[], blocked: string[]): VFileMessage[] {
  const warn = (reason: string, line?: number) => problem(reason, { file, line }, { warning: true });
  const problems = blocked.map((url) => warn(`refused to load ${url} (zinepress renders offline)`, lineAsking(source, url)));
  for (const [i, page] of pages.entries()) {
    // A heading that ends the text is its last word, not stranded: no page of text follows it.
    const textFollows = pages.slice(i + 1).some((later) => later.role === 'body' && (later.textLength > 0 || later.hasGraphics));
    if (page.strandedHeadingLine && textFollows) problems.push(warn(`heading stranded at the bottom of page ${page.number}`, page.strandedHeadingLine));
    if (page.role === 'body' && page.textLength === 0 && !page.hasGraphics) problems.push(warn(`page ${page.number} is empty`));
  }
  // A page in the middle of a section left part empty: something that cannot break moved on.
  for (const [i, page] of pages.entries()) {
    const next = pages[i + 1];
    if (page.role !== 'body' || next?.role !== 'body' || next.startsSection || page.fill >= MIN_FILL || page.textLength === 0) continue;
    const empty = Math.round((1 - page.fill) * 100);
    const moved = next.first ? movedBlocks[next.first.what] : undefined;
    problems.push(
      warn(
        `page ${page.number} is ${empty} % empty: ${moved ?? 'what follows'} did not fit under its text and starts page ${next.number}` +
          (moved ? ` (${fillFixes[next.first!.what] ?? 'shorten the text before it'})` : ''),
        next.first?.line || undefined,
      ),
    );
  }
  const overflowing = pages.filter((page) => page.overflowLines.length > 0);
  if (overflowing.length > 0) {
    const first = overflowing[0]!;
    const cut = first.overflows?.find((overflow) => overflow.line > 0) ?? first.overflows?.[0];
    const named = cut ? overflowFixes[cut.what] : undefined;
    problems.push(
      problem(`content overflows page ${first.number}${overflowing.length > 1 ? ` (and ${overflowing.length - 1} more pages)` : ''}${named ? `: ${named.what}` : ''}`, {
        file,
        line: cut?.line || first.overflowLines.find((line) => line > 0),
        fix: named?.fix ?? 'shorten the text on that page, or split a wide table or long unbreakable word',
      }),
    );
  }
  return problems;
}

/** What moved to the next page, as the warning names it. */
const movedBlocks: Partial<Record<NonNullable<PageReport['first']>['what'], string>> = {
  figure: 'a figure',
  table: 'a table',
  code: 'a code block',
  callout: 'a callout',
};
const fillFixes: Partial<Record<NonNullable<PageReport['first']>['what'], string>> = {
  figure: 'make the image less tall, or move it further down the text',
  table: 'split the table, or move it further down the text',
  code: 'split the code block',
  callout: 'shorten the callout, or move it further down the text',
};

/** Over the size budget: a warning naming the heaviest images. */
export function checkBudget({ indexPath: file, config, images }: ComposedZine, bytes: number): VFileMessage[] {
  if (bytes <= config.budgetKb * 1024) return [];
  const heaviest = [...images].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const names = heaviest.map((image) => `${image.src} (${Math.round(image.bytes / 1024)} kB)`).join(', ');
  const reason = `the PDF is ${Math.round(bytes / 1024)} kB, over its budget of ${config.budgetKb} kB${names ? `; heaviest images: ${names}` : ''}`;
  return [problem(reason, { file }, { warning: true })];
}

/**
 * The problems found in a rendition other than the print one say so ("phone rendition: page 7 is
 * 40 % empty"): its pages are not the reading PDF's. The print rendition's are left as they are.
 */
export function inRendition(rendition: string, problems: VFileMessage[]): VFileMessage[] {
  if (rendition === 'print') return problems;
  for (const message of problems) message.reason = message.message = `${rendition} rendition: ${message.reason}`;
  return problems;
}

/** Every PDF is audited before it is written: anything identifying fails the build. */
export async function auditOutputs(files: { name: string; bytes: Uint8Array }[], allowedDate: Date): Promise<void> {
  for (const { name, bytes } of files) {
    if (!name.endsWith('.pdf')) continue;
    const findings = await auditPdf(bytes, { allowedDate });
    if (findings.length > 0) {
      fail(`the audit found identifying traces in ${name}, so nothing was written:\n${formatFindings(name, findings)}`, { fix: 'report this as a zinepress bug, with the lines above' });
    }
  }
}
