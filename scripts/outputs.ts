// The write stage, and the one place that writes to output/: each zine's files
// are staged in a hidden folder, then swapped in for the previous ones all at
// once, with manifest.json. Whatever fails, the folder holds exactly the previous
// outputs or exactly the new ones, and no staging or backup folder.
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ZineError } from './errors.ts';
import type { MadeFile } from './forms/index.ts';

/** One output file, as listed in manifest.json. */
export interface OutputFile {
  name: string;
  /** What the file is: reading, booklet, minizine, cover, contact-sheet, instructions. */
  kind: string;
  /** The language of the edition it belongs to; "fr+nl" for a file of two (the tête-bêche booklet). */
  lang?: string;
  /** The rendition it comes from when not the print one: phone, bw (black and white), press. */
  rendition?: string;
  /** The paper an imposed file prints on: A4, Letter… */
  paper?: string;
  pages?: number;
  bytes: number;
  sha256: string;
}

/** What was built of one edition: its language, edition, date, pages and the fingerprint of its sources. */
export interface EditionHead {
  edition: string | number;
  date: string;
  lang: string;
  pages: number;
  sources: string;
}

/** manifest.json: what was built, from which sources, and each file's hash. The original's edition at the top. */
export interface ZineManifest extends EditionHead {
  zine: string;
  /** The translations (index.<lang>.md) built, each with the edition of the original it translates. */
  translations?: (EditionHead & { translates: string | number })[];
  files: OutputFile[];
}

/** The manifest's fields other than the files. */
export type ManifestHead = Omit<ZineManifest, 'files'>;

/**
 * The manifest of these files: name, kind, language, paper (of an imposed file), pages, size and sha256 of each. With
 * `previous` (a build of some languages only, `--lang`), the files and translations of the
 * languages not built are kept as that manifest lists them.
 */
export function makeManifest(head: ManifestHead, files: MadeFile[], previous?: { manifest: ZineManifest; built: string[] }): ZineManifest {
  const made: OutputFile[] = files.map(({ name, kind, lang, rendition, paper, pages, bytes }) => ({
    name,
    kind,
    ...(lang === undefined ? {} : { lang }),
    ...(rendition === undefined ? {} : { rendition }),
    ...(paper === undefined ? {} : { paper }),
    ...(pages === undefined ? {} : { pages }),
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }));
  const translations = head.translations ?? [];
  if (!previous) return { ...head, ...(translations.length > 0 ? { translations } : {}), files: made };
  const built = new Set(previous.built);
  const { manifest: before } = previous;
  // A file of an older manifest, without a language, is the original's.
  const keptFiles = before.files.filter((file) => !(file.lang ?? before.lang).split('+').some((lang) => built.has(lang)) && !made.some((m) => m.name === file.name));
  const keptTranslations = (before.translations ?? []).filter((t) => !built.has(t.lang));
  const allTranslations = [...translations, ...keptTranslations].sort((a, b) => (a.lang < b.lang ? -1 : 1));
  return { ...head, ...(allTranslations.length > 0 ? { translations: allTranslations } : {}), files: [...made, ...keptFiles] };
}

/** The manifest of the last build in `dir`, when there is one that reads. */
export function previousManifest(dir: string): ZineManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ZineManifest;
    return Array.isArray(manifest.files) && typeof manifest.lang === 'string' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Write the files and their manifest into `dir`, replacing everything there at once. Files the
 * manifest lists that are not among `files` (another language's, kept by `--lang`) stay as they are.
 */
export async function writeOutputs(dir: string, manifest: ZineManifest, files: MadeFile[], log: (line: string) => void = () => {}): Promise<void> {
  const kept = manifest.files.filter((entry) => !files.some((file) => file.name === entry.name));
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  let staging: string | undefined;
  // Also run on process.exit, which is how the CLI stops at Ctrl-C: so it is synchronous.
  const removeStaging = () => staging && rmSync(staging, { recursive: true, force: true });
  process.on('exit', removeStaging);
  let previous: string;
  try {
    await mkdir(dir, { recursive: true });
    staging = mkdtempSync(join(dir, '.staging-'));
    const all = [...files, { name: 'manifest.json', bytes: manifestBytes }];
    for (const file of all) await writeFile(join(staging, file.name), file.bytes);
    // Kept files are linked, not copied: the same bytes, whatever their size.
    for (const entry of kept) linkSync(join(dir, entry.name), join(staging, entry.name));
    previous = swapOutputs(dir, staging, [...all, ...kept].map((file) => file.name));
  } catch (error) {
    if (error instanceof ZineError) throw error;
    fail(`could not write ${dir}: ${(error as Error).message}`, { fix: 'check that the output folder is writable and the disk is not full' });
  } finally {
    process.off('exit', removeStaging);
    removeLeftover(() => removeStaging(), staging, log);
  }
  removeLeftover(() => rmSync(previous, { recursive: true, force: true }), previous, log);
}

/** A file put in place ahead of the others (watch's reading PDF); the full swap follows, or `undo`. */
export interface EarlyWrite {
  /** Put the previous file back (or remove the new one when there was none). */
  undo(): void;
  /** The full swap is done: forget the previous file. */
  done(): void;
}

/**
 * Put one file in place now, before the rest of the zine's outputs: the reading
 * PDF lands first while the others are made. The previous file is kept (a hard
 * link, `.early-*`) until `done` after the full swap (writeOutputs, which stages
 * the same file again with the manifest); `undo`, or the process ending first,
 * puts it back, so the folder again holds exactly the previous outputs.
 * Synchronous, like the swap: no signal handler runs halfway.
 */
export function writeEarly(dir: string, name: string, bytes: Uint8Array): EarlyWrite {
  const target = join(dir, name);
  const fresh = join(dir, `.early-new-${name}`);
  const backup = join(dir, `.early-previous-${name}`);
  let settled = false;
  const undo = () => {
    if (settled) return;
    settled = true;
    process.off('exit', undo);
    rmSync(fresh, { force: true });
    if (existsSync(backup)) renameSync(backup, target);
    else rmSync(target, { force: true });
  };
  try {
    mkdirSync(dir, { recursive: true });
    rmSync(backup, { force: true });
    writeFileSync(fresh, bytes);
    if (existsSync(target)) linkSync(target, backup);
    process.on('exit', undo);
    renameSync(fresh, target);
  } catch (error) {
    undo();
    fail(`could not write ${target}: ${(error as Error).message}`, { fix: 'check that the output folder is writable and the disk is not full' });
  }
  return {
    undo,
    done() {
      if (settled) return;
      settled = true;
      process.off('exit', undo);
      // The full swap may have moved it out with the other previous entries.
      try {
        unlinkSync(backup);
      } catch {}
    },
  };
}

/** Remove a staging or backup folder; failing to is a warning that names it, not a failed build. */
function removeLeftover(remove: () => void, folder: string | undefined, log: (line: string) => void) {
  try {
    remove();
  } catch (error) {
    log(`warning: could not remove ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; delete it by hand`);
  }
}

/**
 * Swap the staged files in for everything in `dir`: each previous entry moves into
 * a backup folder, then each new file moves in; on any failure every move is undone,
 * last first. Synchronous, so that no signal handler (cli.ts) runs halfway.
 * Returns the backup folder, for the caller to remove.
 */
function swapOutputs(dir: string, staging: string, names: string[]): string {
  const previous = mkdtempSync(join(dir, '.previous-'));
  const moves: [from: string, to: string][] = [];
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (path === staging || path === previous) continue;
      renameSync(path, join(previous, entry));
      moves.push([path, join(previous, entry)]);
    }
    for (const name of names) {
      renameSync(join(staging, name), join(dir, name));
      moves.push([join(staging, name), join(dir, name)]);
    }
    return previous;
  } catch (error) {
    const stuck = moves.reverse().filter(([from, to]) => {
      try {
        renameSync(to, from);
        return false;
      } catch {
        return true;
      }
    });
    if (stuck.length > 0) {
      fail(`could not write ${dir}: ${(error as Error).message}; nor put the previous outputs back, which are in ${previous}`, {
        fix: `move the files of ${previous} back into ${dir}, then build again`,
      });
    }
    rmdirSync(previous);
    throw error;
  }
}
