// watch with a translation beside the original: an edit of the Dutch rebuilds
// the zine, and the Dutch PDF follows while the French stays as it was.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startWatch, type Rebuilt, type WatchSession } from '../../scripts/watch.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'zinepress-watch-languages-'));
const contentDir = join(root, 'content');
const outputDir = join(root, 'output');
const zine = 'guide-fr-nl';
let session: WatchSession | undefined;
afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('watch with a translation', () => {
  it('rebuilds on an edit of index.nl.md: the Dutch PDF changes, the French one does not', async () => {
    cpSync(join(fixtureZines, zine), join(contentDir, zine), { recursive: true });
    const rebuilt: Rebuilt[] = [];
    let next: (() => void) | undefined;
    session = await startWatch({ zines: [zine], contentDir, outputDir, serve: false, onRebuilt: (one) => (rebuilt.push(one), next?.()) });
    const french = readFileSync(join(outputDir, zine, `${zine}.pdf`));
    const dutch = join(contentDir, zine, 'index.nl.md');
    const done = new Promise<void>((resolve) => (next = resolve));
    writeFileSync(dutch, readFileSync(dutch, 'utf8').replace('# Inleiding', '# Inleiding bewerkt'));
    await done;
    const last = rebuilt.at(-1)!;
    expect(last.ok).toBe(true);
    expect(last.changed.some((path) => path.endsWith('index.nl.md'))).toBe(true);
    expect(execFileSync('pdftotext', [join(outputDir, zine, `${zine}.nl.pdf`), '-'], { encoding: 'utf8' })).toContain('Inleiding bewerkt');
    expect(readFileSync(join(outputDir, zine, `${zine}.pdf`)).equals(french)).toBe(true);
  }, 120_000);
});
