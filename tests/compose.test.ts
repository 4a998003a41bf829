// The compose stage in every language: the template's words, the cover's date,
// and one warning for what zinepress cannot do in a language.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeZine } from '../scripts/compose.ts';
import { readProjectSources, readZineSources } from '../scripts/sources.ts';

/** Compose a zine whose index.md is `text` (no browser: compose stops before rendering). */
async function compose(text: string) {
  const content = mkdtempSync(join(tmpdir(), 'zinepress-compose-'));
  mkdirSync(join(content, 'tract'));
  writeFileSync(join(content, 'tract', 'index.md'), text);
  return composeZine(await readZineSources(content, 'tract'), await readProjectSources());
}

const zine = (lang: string, extra = '') => `---\ntitle: Tract\nlang: ${lang}\nedition: 1\ndate: 2026-11-25\ncontents: true\n${extra}---\n\n# Primero\n\nTexto.\n`;

describe('composeZine in the zine’s language', () => {
  it('writes the cover, contents and colophon in Spanish and German', async () => {
    const es = await compose(zine('es'));
    expect(es.problems).toEqual([]);
    expect(es.zine!.html).toContain('<html lang="es"');
    for (const words of ['Edición 1 · 25 de noviembre de 2026', 'Índice', 'Huella de los archivos fuente:']) expect(es.zine!.html).toContain(words);
    const de = await compose(zine('de'));
    expect(de.problems).toEqual([]);
    for (const words of ['Ausgabe 1 · 25. November 2026', 'Inhalt', 'Fingerabdruck der Quelldateien:']) expect(de.zine!.html).toContain(words);
  });

  it('falls back to English words with one warning naming the language, at its line', async () => {
    const italian = await compose(zine('it', 'back: "Un *retro*."\n'));
    expect(italian.zine!.html).toContain('Edition 1 · 25 novembre 2026');
    expect(italian.zine!.html).toContain('Contents');
    expect(italian.problems.map((p) => [p.fatal, p.line, p.reason])).toEqual([
      [false, 3, 'zinepress has no words in Italian ("it"): the cover, contents, callout titles and printing instructions are in English'],
    ]);
  });

  it('says once that a language without patterns is not hyphenated, whatever has Markdown', async () => {
    const { zine: composed, problems } = await compose(zine('sw', 'back: "Maandamano ya amani."\n'));
    expect(composed).toBeDefined();
    expect(problems.map((p) => [p.fatal, p.line, p.reason])).toEqual([
      [false, 3, expect.stringMatching(/^zinepress has no words in Swahili \("sw"\)/)],
      [false, 3, 'no hyphenation patterns for Swahili ("sw"): words are not broken at line ends'],
    ]);
  });
});
