// Paged.js's polyfill as zinepress loads it into a tab: read once per process,
// with one amendment to its layout loop.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fail } from '../errors.ts';

const require = createRequire(import.meta.url);
let pagedSource: string | undefined;

/** Paged.js's polyfill, amended (amendPolyfill), read once per process. */
export function pagedPolyfill(): string {
  pagedSource ??= amendPolyfill(readPolyfill());
  return pagedSource;
}

/** The installed polyfill as Paged.js ships it. */
export function readPolyfill(): string {
  // pagedjs's "exports" hides dist/: go from its main entry (lib/index.cjs) to dist/.
  return readFileSync(join(dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.polyfill.js'), 'utf8');
}

/** How Paged.js 0.4.3 hands each page its overflow-check threshold: into the settings every page shares. */
const SHARED_THRESHOLD = `let settings = this.settings;
\t\t\tif (!settings.maxChars && maxChars) {
\t\t\t\tsettings.maxChars = maxChars;
\t\t\t}`;

/** The same threshold, given to the page's layout alone. */
const PAGE_THRESHOLD = `let settings = this.settings;
\t\t\tif (!settings.maxChars && maxChars) {
\t\t\t\tsettings = Object.assign({}, settings, { maxChars });
\t\t\t}`;

/**
 * Paged.js checks a page for overflow (a forced layout) once the text put on it passes
 * a threshold, then after every node it adds. The threshold is meant to follow the text
 * of the last pages, but the first page's is written into the settings every later page
 * shares: the cover's few words become every page's, and every paragraph and list item of
 * the zine is followed by a check. Each page gets the running threshold instead: about a
 * quarter of the checks. A check finds the first thing past the page's end, so the pages
 * are mostly the same; a table cut by a page turn may keep one more row on the page, which
 * a check made after each row seems to have refused for the table's bottom margin
 * (docs/rendering.md, "Overflow checks").
 */
export function amendPolyfill(source: string): string {
  const parts = source.split(SHARED_THRESHOLD);
  if (parts.length !== 2) {
    fail('the installed Paged.js is not the version zinepress amends (0.4.3): its layout loop differs', { fix: 'install the dependencies again with npm ci' });
  }
  return parts.join(PAGE_THRESHOLD);
}
