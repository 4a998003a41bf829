#!/usr/bin/env -S node --max-semi-space-size=4
// Thin entry. Runs the command compiled from scripts/ by esbuild into dist/, and
// compiles it again (a fraction of a second) whenever a source in scripts/ is
// newer: the TypeScript sources stay what people edit, and a start does not pay
// for loading them through a TypeScript loader (about 2 s on a small machine).
// What a command does not need (the audit, the benchmark, getting a browser, SVG
// cleaning) sits in chunks of its own, loaded only when used.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));
const dist = join(scripts, '..', 'dist');
/** A one-line module that re-exports the current compiled cli.js. */
const entry = join(dist, 'zinepress.mjs');

/** Newest modification time of the TypeScript sources under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Packages left as imports: native code (sharp), packages that find files beside their own
 * (css-tree's data, puppeteer's configuration and browsers), Paged.js (read as a file, never
 * imported) and the compiler itself. Every other package is compiled into the chunks: Node
 * then resolves and reads a few files at start instead of the hundreds of small modules of
 * the Markdown and PDF libraries and of puppeteer-core (about 0.25 s of every start on a
 * small machine).
 */
const EXTERNAL = ['sharp', 'css-tree', 'puppeteer', '@puppeteer/browsers', 'pagedjs', 'esbuild', 'tsx'];

/** Compile scripts/cli.ts and what it imports into a folder of its own. */
async function compile() {
  const { build } = await import('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: [join(scripts, 'cli.ts')],
    outdir: join(dist, name),
    bundle: true,
    splitting: true,
    external: EXTERNAL,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // A package written as CommonJS may require() a built-in; an ES module has no require of its own.
    banner: { js: "import { createRequire as __zinepressRequire } from 'node:module'; const require = __zinepressRequire(import.meta.url);" },
    logLevel: 'error',
  });
  // The entry is replaced by a rename, so a zinepress started meanwhile reads a whole file.
  writeFileSync(`${entry}.${process.pid}.tmp`, `export * from './${name}/cli.js';\n`);
  renameSync(`${entry}.${process.pid}.tmp`, entry);
  // Keep the build before this one: a zinepress still running from it may load a chunk late.
  const builds = readdirSync(dist).filter((dir) => dir.startsWith('build-')).sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
  for (const old of builds.filter((dir) => dir !== name).slice(1)) rmSync(join(dist, old), { recursive: true, force: true });
}

if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource(scripts)) await compile();
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
