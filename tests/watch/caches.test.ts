// What watch keeps between rebuilds: composed text and cleaned images (compose
// cache), and the reading PDF written ahead of the others (outputs writeEarly).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { composeCache, composeZine } from '../../scripts/compose.ts';
import { writeEarly } from '../../scripts/outputs.ts';
import { readProjectSources, readZineSources, type ProjectSources } from '../../scripts/sources.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'zinepress-caches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the compose cache', () => {
  it('re-cleans no image on a text edit, re-parses no Markdown on a style edit, and gives what an uncached compose gives', async () => {
    const contentDir = join(root, 'content');
    const dir = join(contentDir, 'z');
    cpSync(join(fixtureZines, 'avant-la-reunion'), dir, { recursive: true });
    mkdirSync(join(dir, 'images'));
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#888' } }).png().toFile(join(dir, 'images', 'grey.png'));
    const text = readFileSync(join(dir, 'index.md'), 'utf8').replace(/^# (.+)$/m, '# $1\n\n![Grey](images/grey.png)');
    writeFileSync(join(dir, 'index.md'), text);
    const project = await readProjectSources();
    const cache = composeCache();

    const first = await composeZine(await readZineSources(contentDir, 'z'), project, cache);
    expect(first.zine!.html).toBe((await composeZine(await readZineSources(contentDir, 'z'), project)).zine!.html);
    const [image] = [...cache.images.values()];
    const composedText = cache.zines.get('z');

    // A text edit: the Markdown again, the same cleaned image.
    writeFileSync(join(dir, 'index.md'), text.replace('Un ordinateur compromis', 'Un ordinateur QWZ42 compromis'));
    const edited = await composeZine(await readZineSources(contentDir, 'z'), project, cache);
    expect(edited.zine!.html).toContain('QWZ42');
    expect(cache.zines.get('z')).not.toBe(composedText);
    expect([...cache.images.values()]).toEqual([image]);
    expect([...cache.images.values()][0]).toBe(image);

    // A style edit: the same composed text, the new styles.
    const restyled: ProjectSources = { ...project, styles: async (trim) => `${await project.styles(trim)}\n.cover-title { color: red; }` };
    const beforeStyle = cache.zines.get('z');
    const afterStyle = await composeZine(await readZineSources(contentDir, 'z'), restyled, cache);
    expect(afterStyle.zine!.html).toContain('.cover-title { color: red; }');
    expect(cache.zines.get('z')).toBe(beforeStyle);
    const kept = cache.zines.get('z');
    expect(kept).toBe(cache.zines.get('z'));
    await composeZine(await readZineSources(contentDir, 'z'), restyled, cache);
    expect(cache.zines.get('z')).toBe(kept);

    // An image no longer used leaves the cache.
    writeFileSync(join(dir, 'index.md'), text.replace('![Grey](images/grey.png)', ''));
    await composeZine(await readZineSources(contentDir, 'z'), project, cache);
    expect(cache.images.size).toBe(0);
  }, 60_000);
});

describe('writeEarly', () => {
  const dir = join(root, 'early');
  const read = () => readFileSync(join(dir, 'z.pdf'), 'utf8');

  it('puts the file in place at once, and puts the previous one back on undo', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'z.pdf'), 'previous');
    const early = writeEarly(dir, 'z.pdf', new TextEncoder().encode('new'));
    expect(read()).toBe('new');
    early.undo();
    expect(read()).toBe('previous');
    expect(readdirSync(dir)).toEqual(['z.pdf']);
  });

  it('forgets the previous file once done', () => {
    const early = writeEarly(dir, 'z.pdf', new TextEncoder().encode('new'));
    early.done();
    early.undo();
    expect(read()).toBe('new');
    expect(readdirSync(dir)).toEqual(['z.pdf']);
  });

  it('removes a first file on undo when there was none before', () => {
    const fresh = join(root, 'early-fresh');
    const early = writeEarly(fresh, 'z.pdf', new TextEncoder().encode('new'));
    early.undo();
    expect(existsSync(join(fresh, 'z.pdf'))).toBe(false);
  });
});
