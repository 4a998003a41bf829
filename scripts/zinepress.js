#!/usr/bin/env node
// Thin entry. Runs dist/zinepress.mjs, one file compiled from scripts/ by esbuild,
// and compiles it again (a fraction of a second) whenever a source in scripts/ is
// newer: the TypeScript sources stay what people edit, and a start does not pay
// for loading them through a TypeScript loader (about 2 s on a small machine).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));
const bundle = join(scripts, '..', 'dist', 'zinepress.mjs');

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

/** Compile scripts/cli.ts and what it imports into one ES module; npm packages stay imports. */
async function compile() {
  const { build } = await import('esbuild');
  // Written aside, then renamed over the old one: a zinepress started meanwhile reads a whole file.
  const partial = `${bundle}.${process.pid}.tmp`;
  mkdirSync(dirname(bundle), { recursive: true });
  try {
    await build({
      entryPoints: [join(scripts, 'cli.ts')],
      outfile: partial,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    renameSync(partial, bundle);
  } finally {
    rmSync(partial, { force: true });
  }
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(scripts)) await compile();
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
