// Paged.js's polyfill as zinepress loads it into a tab: read once per process,
// with two amendments to its layout loop, and without its spaces and comments.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fail } from '../errors.ts';

const require = createRequire(import.meta.url);
let pagedSource: string | undefined;

/** Paged.js's polyfill, amended (amendPolyfill) and compacted (compactPolyfill), read once per process. */
export function pagedPolyfill(): string {
  pagedSource ??= compactPolyfill(amendPolyfill(readPolyfill()));
  return pagedSource;
}

/** Where compacted polyfills are kept: node_modules/.cache/zinepress, beside the package they come from. */
export const POLYFILL_CACHE = join(dirname(require.resolve('pagedjs')), '..', '..', '.cache', 'zinepress');

/**
 * `source` without its spaces, line breaks and comments (licences kept): the same program,
 * two thirds of the text. Each tab receives the polyfill through the DevTools protocol and
 * compiles it; the compacted text is loaded in about half the time (0.15 s instead of 0.3 s
 * a tab on a small machine, docs/rendering.md). Compacting takes esbuild about 0.3 s, so the
 * result is kept in `cacheDir` under the source's hash, written whole or not at all; a cache
 * that cannot be written only costs the next process the same 0.3 s.
 */
export function compactPolyfill(source: string, cacheDir = POLYFILL_CACHE): string {
  const cached = join(cacheDir, `paged-${createHash('sha256').update(source).digest('hex').slice(0, 32)}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not compacted yet.
  }
  // esbuild is loaded only here, once per installed Paged.js.
  const { transformSync } = require('esbuild') as typeof import('esbuild');
  const compact = transformSync(source, { minifyWhitespace: true, loader: 'js' }).code;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, compact);
    renameSync(partial, cached);
  } catch {
    // A read-only install: compacted again next time.
  }
  return compact;
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

/** How Paged.js 0.4.3 tells a page's end from every earlier one's, to stop a layout that repeats itself: as text. */
const TOKEN_AS_TEXT = `let newToken = breakToken.toJSON(true);
\t\t\t\t\tif (tokens.lastIndexOf(newToken) > -1) {`;

/** The same test on what that text is made of: the node the page ends in, and the offset in it. */
const TOKEN_AS_NODE = `let newToken = { node: breakToken.node, offset: breakToken.offset };
\t\t\t\t\tif (tokens.some((token) => token.node === newToken.node && token.offset === newToken.offset)) {`;

/**
 * Two amendments to the layout loop, each of one passage that must be found exactly once
 * (pagedjs is pinned; another version stops the build with the fix).
 *
 * Each page its own overflow-check threshold. Paged.js checks a page for overflow (a
 * forced layout) once the text put on it passes a threshold, then after every node it
 * adds. The threshold is meant to follow the text of the last pages, but the first page's
 * is written into the settings every later page shares: the cover's few words become
 * every page's, and every paragraph and list item of the zine is followed by a check.
 * Each page gets the running threshold instead: about a quarter of the checks. A check
 * finds the first thing past the page's end, so the pages are mostly the same; a table
 * cut by a page turn may keep one more row on the page, which a check made after each row
 * seems to have refused for the table's bottom margin (docs/rendering.md, "Overflow checks").
 *
 * The end of each page compared as a node. To stop a layout that would repeat itself,
 * Paged.js writes where each page ends as text (the node's reference, its index among its
 * parent's children, the offset) and looks it up among the earlier pages' ends. Finding
 * the index copies the parent's children, once a page: for a document of a thousand blocks
 * under one parent, 0.1 s of a 2.5 s layout at 200 pages and 1.9 s of 18 s at 800. The
 * text stands for the node and the offset; comparing those is the same test.
 */
export function amendPolyfill(source: string): string {
  return amend(amend(source, SHARED_THRESHOLD, PAGE_THRESHOLD), TOKEN_AS_TEXT, TOKEN_AS_NODE);
}

/** `source` with `passage`, found exactly once, replaced by `replacement`. */
function amend(source: string, passage: string, replacement: string): string {
  const parts = source.split(passage);
  if (parts.length !== 2) {
    fail('the installed Paged.js is not the version zinepress amends (0.4.3): its layout loop differs', { fix: 'install the dependencies again with npm ci' });
  }
  return parts.join(replacement);
}
