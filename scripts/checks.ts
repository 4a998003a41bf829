// Checks between the stages: the layout of the render (overflow is an error;
// stranded headings, empty pages and refused requests are warnings), the size
// budget of the reading PDF, and the audit of every PDF before it is written.
import type { VFileMessage } from 'vfile-message';
import type { ComposedZine } from './compose.ts';
import { fail, problem } from './errors.ts';
import { auditPdf, formatFindings } from './pdf/audit.ts';
import type { PageReport } from './render/paged.ts';

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

/** What the layout shows: overflow is an error; refused requests, stranded headings and empty pages are warnings. */
export function checkLayout({ indexPath: file, source }: ComposedZine, pages: PageReport[], blocked: string[]): VFileMessage[] {
  const warn = (reason: string, line?: number) => problem(reason, { file, line }, { warning: true });
  const problems = blocked.map((url) => warn(`refused to load ${url} (zinepress renders offline)`, lineAsking(source, url)));
  for (const page of pages) {
    if (page.strandedHeadingLine) problems.push(warn(`heading stranded at the bottom of page ${page.number}`, page.strandedHeadingLine));
    if (page.role === 'body' && page.textLength === 0 && !page.hasGraphics) problems.push(warn(`page ${page.number} is empty`));
  }
  const overflowing = pages.filter((page) => page.overflowLines.length > 0);
  if (overflowing.length > 0) {
    const first = overflowing[0]!;
    problems.push(
      problem(`content overflows page ${first.number}${overflowing.length > 1 ? ` (and ${overflowing.length - 1} more pages)` : ''}`, {
        file,
        line: first.overflowLines.find((line) => line > 0),
        fix: 'shorten the text on that page, or split a wide table or long unbreakable word',
      }),
    );
  }
  return problems;
}

/** Over the size budget: a warning naming the heaviest images. */
export function checkBudget({ indexPath: file, config, images }: ComposedZine, bytes: number): VFileMessage[] {
  if (bytes <= config.budgetKb * 1024) return [];
  const heaviest = [...images].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const names = heaviest.map((image) => `${image.src} (${Math.round(image.bytes / 1024)} kB)`).join(', ');
  const reason = `the PDF is ${Math.round(bytes / 1024)} kB, over its budget of ${config.budgetKb} kB${names ? `; heaviest images: ${names}` : ''}`;
  return [problem(reason, { file }, { warning: true })];
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
