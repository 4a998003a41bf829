// Translations beside the original (index.<lang>.md): what they take from the
// original, what they may set, and the warnings that keep them in step.
// Compose only: no browser.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeZine } from '../../scripts/compose.ts';
import { formatProblem } from '../../scripts/errors.ts';
import { readProjectSources, readZineSources } from '../../scripts/sources.ts';

const original = (extra = '') =>
  `---\ntitle: Before the meeting\nsubtitle: A checklist\nlang: en\nedition: 2\ndate: 2026-11-25\npublisher: The collective\ntrim: A6\nimpose: [booklet]\nback: "Pass it on."\n${extra}---\n\n# Before\n\nCharge the laptop.\n\n# Links\n\n- [Tails](https://tails.net/)\n`;
const dutch = (front: string, body = '# Vooraf\n\nLaad de laptop op.\n\n# Links\n\n- [Tails](https://tails.net/)\n') => `---\n${front}---\n\n${body}`;
const translated = 'title: Voor de vergadering\nsubtitle: Een checklist\nlang: nl\nback: "Geef het door."\n';

/** A zine folder with these files; returns its sources (the original, its translations). */
async function folder(files: Record<string, string>) {
  const content = mkdtempSync(join(tmpdir(), 'zinepress-translation-'));
  mkdirSync(join(content, 'checklist'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(content, 'checklist', name), text);
  return readZineSources(content, 'checklist');
}

/** Compose the first translation of a folder. */
async function composeTranslation(files: Record<string, string>) {
  const sources = await folder(files);
  return composeZine(sources.translations[0]!, await readProjectSources());
}

const lines = (problems: { fatal?: boolean | null; line?: number | null; reason: string }[]) => problems.map((p) => [p.fatal ? 'error' : 'warning', p.line, p.reason]);

describe('a translation beside the original', () => {
  it('takes the design from the original and its words from itself', async () => {
    const { zine, problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 2\n`) });
    expect(problems).toEqual([]);
    const { config } = zine!;
    expect([config.title, config.subtitle, config.lang, config.back]).toEqual(['Voor de vergadering', 'Een checklist', 'nl', 'Geef het door.']);
    // The design, the publisher and the date are the original's; the edition printed is the one translated.
    expect([config.trim, config.impose, config.publisher, config.date, config.edition]).toEqual(['A6', ['booklet'], 'The collective', '2026-11-25', 2]);
    expect(zine!.translation).toBe('nl');
    expect(zine!.html).toContain('<html lang="nl"');
    expect(zine!.html).toContain('Editie 2 · 25 november 2026');
  });

  it('finds translations by file name, in order, and refuses a name that is no language', async () => {
    const sources = await folder({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 2\n`), 'index.pt-br.md': dutch('title: Antes\ntranslates: 2\n'), 'notes.md': 'not a translation' });
    expect(sources.translations.map((t) => [t.lang, t.indexPath.endsWith('index.nl.md') || t.indexPath.endsWith('index.pt-br.md')])).toEqual([
      ['nl', true],
      ['pt-BR', true],
    ]);
    await expect(folder({ 'index.md': original(), 'index.dutch.md': dutch('translates: 2\n') })).rejects.toThrow(/"dutch" in the file name is not a language tag/);
  });

  it('gives each edition its own fingerprint: editing the Dutch changes nothing of the original', async () => {
    const one = await folder({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 2\n`) });
    const other = await folder({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 2\n`, '# Anders\n') });
    const alone = await folder({ 'index.md': original() });
    expect(other.fingerprint).toBe(one.fingerprint);
    expect(alone.fingerprint).toBe(one.fingerprint);
    expect(other.translations[0]!.fingerprint).not.toBe(one.translations[0]!.fingerprint);
    const edited = await folder({ 'index.md': original('licence: CC0\n'), 'index.nl.md': dutch(`${translated}translates: 2\n`) });
    expect(edited.translations[0]!.fingerprint).not.toBe(one.translations[0]!.fingerprint);
  });

  it('refuses the design keys at their line, and an edition instead of translates', async () => {
    const { zine, problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 2\ntrim: A5\nedition: 3\n`) });
    expect(zine).toBeUndefined();
    expect(lines(problems)).toEqual([
      ['error', 7, expect.stringMatching(/^trim: a translation takes trim from the original \(.*index\.md\); it holds only title, subtitle, lang, translates/)],
      ['error', 8, expect.stringMatching(/^edition: a translation takes edition from the original/)],
    ]);
    expect(formatProblem(problems[1]!)).toContain('fix: write translates: <the edition of the original it translates> instead');
  });

  it('needs translates:, and refuses an edition the original does not have yet', async () => {
    const missing = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch(translated) });
    expect(lines(missing.problems)).toEqual([['error', 1, 'a translation says which edition of the original it translates: translates: is missing']]);
    expect(formatProblem(missing.problems[0]!)).toContain('fix: write translates: 2 (the edition in');
    const ahead = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 3\n`) });
    expect(lines(ahead.problems)).toEqual([['error', 6, expect.stringMatching(/^translates: 3, but .*index\.md is at edition 2: there is no such edition of the original yet$/)]]);
  });

  it('warns, naming the file and both editions, when the original has moved on', async () => {
    const { zine, problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch(`${translated}translates: 1\n`) });
    expect(zine!.config.edition).toBe(1);
    expect(lines(problems)).toEqual([['warning', 6, expect.stringMatching(/^this translation follows edition 1 of the original; .*checklist\/index\.md is now at edition 2$/)]]);
    expect(problems[0]!.file).toMatch(/checklist\/index\.nl\.md$/);
    expect(formatProblem(problems[0]!)).toMatch(/index\.nl\.md:6: warning: .*\n {2}fix: bring the translation in step with edition 2 .*then write translates: 2/);
  });

  it('names editions compared as written: a named edition that differs is behind', async () => {
    const { problems } = await composeTranslation({ 'index.md': original().replace('edition: 2', 'edition: spring'), 'index.nl.md': dutch(`${translated}translates: winter\n`) });
    expect(lines(problems)).toEqual([['warning', 6, expect.stringContaining('follows edition winter of the original; ')]]);
  });

  it('refuses a lang: that is not its file name’s', async () => {
    const { problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch('title: Voor\nlang: de\ntranslates: 2\n') });
    expect(lines(problems)).toEqual([['error', 3, 'lang: de in a file named for "nl"']]);
  });

  it('takes its language from its file name when it does not say it', async () => {
    const { zine, problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch('title: Voor\nsubtitle: Een checklist\nback: Geef het door.\ntranslates: 2\n') });
    expect(problems).toEqual([]);
    expect(zine!.config.lang).toBe('nl');
  });

  it('warns when words of the original would print in the translation', async () => {
    const { problems } = await composeTranslation({ 'index.md': original(), 'index.nl.md': dutch('title: Voor\ntranslates: 2\n') });
    expect(lines(problems)).toEqual([['warning', 1, 'subtitle: and back: are the original\'s: they print in en in this nl edition']]);
  });

  it('leaves the original’s errors to the original: its translation says nothing more', async () => {
    const sources = await folder({ 'index.md': original().replace('date: 2026-11-25', 'date: 2026-02-30'), 'index.nl.md': dutch(`${translated}translates: 2\n`) });
    const project = await readProjectSources();
    expect((await composeZine(sources, project)).problems.map((p) => p.reason)).toEqual(['date: no such day in the calendar; write a real date, e.g. 2026-02-28']);
    expect(await composeZine(sources.translations[0]!, project)).toEqual({ problems: [] });
  });
});
