// `zinepress new <zine> --translate <lang>`: a translation started from the
// original, which composes at once with one warning (what is left to translate)
// and none once the marks are gone. Compose only: no browser.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeZine } from '../../scripts/compose.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';
import { runMain } from '../helpers/cli.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const zine = 'sorganiser-se-proteger';
const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-translate-'));
cpSync(join(fixtureZines, zine), join(contentDir, zine), { recursive: true });
const dutch = join(contentDir, zine, 'index.nl.md');

async function composeDutch() {
  const sources = await readZineSources(contentDir, zine);
  return composeZine(sources.translations[0]!, await readProjectSources());
}

describe('new --translate', () => {
  it('starts index.<lang>.md from the original, and says what to do', async () => {
    const { status, out } = await runMain('new', zine, '--translate', 'nl', '--content', contentDir);
    expect(status, out).toBe(0);
    expect(out).toContain(`index.nl.md: translate each passage marked TODO(nl), then remove the mark`);
    const text = readFileSync(dutch, 'utf8');
    expect(text).toMatch(/^---\ntitle: "?TODO\(nl\) S’organiser, se protéger"?\n/);
    expect(text).toMatch(/^lang: nl$/m);
    expect(text).toMatch(/^translates: 1$/m);
    expect(text).not.toMatch(/^(publisher|website|contents|edition|date):/m);
    expect(text).toContain('# TODO(nl) Introduction');
    // Links are kept as they are.
    expect(text).toContain('[veracrypt.fr](https://veracrypt.fr/)');
  });

  it('composes with one warning: how many passages are left, from the first', async () => {
    const { zine: composed, problems } = await composeDutch();
    expect(composed!.config.lang).toBe('nl');
    expect(problems.map((p) => [p.fatal ? 'error' : 'warning', p.reason])).toEqual([['warning', expect.stringMatching(/^\d+ passages are still to translate \(marked TODO\(nl\)\), the first at line 2$/)]]);
  });

  it('says nothing once every mark is gone, and names where the translation parts from the original', async () => {
    writeFileSync(dutch, readFileSync(dutch, 'utf8').replaceAll('TODO(nl) ', ''));
    expect((await composeDutch()).problems).toEqual([]);
    const lines = readFileSync(dutch, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('https://veracrypt.fr/'));
    lines[at] = lines[at]!.replace('https://veracrypt.fr/', 'https://veracrypt.example/');
    writeFileSync(dutch, lines.join('\n'));
    const { problems } = await composeDutch();
    expect(problems.map((p) => [p.line, p.reason])).toEqual([[at + 1, expect.stringContaining("link address differs from the original's")]]);
  });

  it('refuses a translation that exists, the original’s own language, and a zine with no original', async () => {
    const again = await runMain('new', zine, '--translate', 'nl', '--content', contentDir);
    expect([again.status, again.out]).toEqual([2, expect.stringContaining('index.nl.md already exists: zinepress new never overwrites a translation')]);
    const same = await runMain('new', zine, '--translate', 'fr', '--content', contentDir);
    expect([same.status, same.out]).toEqual([2, expect.stringContaining('is already in fr')]);
    const none = await runMain('new', 'nothing-here', '--translate', 'de', '--content', contentDir);
    expect([none.status, none.out]).toEqual([2, expect.stringContaining('does not exist: --translate starts a translation')]);
    expect((await runMain('new', zine, '--translate', 'francais', '--content', contentDir)).status).toBe(2);
  });
});
