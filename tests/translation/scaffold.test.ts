// A translation started from its original: the words marked, all else byte for
// byte, and the structure check satisfied.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ZineError } from '../../scripts/errors.ts';
import { splitFrontMatter } from '../../scripts/markdown/frontmatter.ts';
import { markPassages, translationMarker, translationScaffold } from '../../scripts/translation/scaffold.ts';
import { compareStructure, untranslatedPassages } from '../../scripts/translation/structure.ts';

const mark = translationMarker('nl');
const read = (file: string) => readFileSync(file, 'utf8');
const guide = 'content/sorganiser-se-proteger/index.md';
const checklist = 'content/avant-la-reunion/index.md';
const fixtures = readdirSync('tests/fixtures/zines').map((zine) => join('tests/fixtures/zines', zine, 'index.md'));
// The fixtures whose front matter cannot be read: nothing to start a translation from.
const unreadable = new Set(['tests/fixtures/zines/empty/index.md', 'tests/fixtures/zines/malformed-yaml/index.md']);

/** The original's body as the build reads it: no byte order mark, LF line ends, after the front matter. */
const bodyOf = (text: string) => splitFrontMatter(text.replace(/\r\n?/g, '\n')).rest;

describe('translationMarker', () => {
  it('is the language tag in a TODO, then a space', () => {
    expect(translationMarker('nl')).toBe('TODO(nl) ');
    expect(translationMarker('pt-BR')).toBe('TODO(pt-BR) ');
  });
});

describe('translationScaffold', () => {
  it('keeps title, subtitle and back cover as the original’s text, marked, with lang and translates, and nothing else', () => {
    const scaffold = translationScaffold(read(guide), { lang: 'nl', edition: 1 });
    const { yaml } = splitFrontMatter(scaffold);
    expect(parse(yaml!)).toEqual({
      title: 'TODO(nl) S’organiser, se protéger',
      subtitle: 'TODO(nl) Poursuivre le travail politique dans la crise',
      lang: 'nl',
      translates: 1,
      back: 'TODO(nl) Ce guide n’est ni une invitation à accepter le confinement tel qu’il nous est imposé, ni une invitation à le briser.\n\nTODO(nl) **Leur fric, nos morts.**\n',
    });
    expect(yaml).toContain('\nback: |\n  TODO(nl) Ce guide');
    // The design keys stay in the original.
    expect(yaml).not.toMatch(/^(edition|date|publisher|website|contents):/m);
  });

  it('writes a named edition and leaves out a subtitle and back cover the original does not have', () => {
    const original = '---\ntitle: "Guide: the basics"\nlang: en\nedition: 2nd\ndate: 2026-11-25\n---\n\n# Start\n';
    const scaffold = translationScaffold(original, { lang: 'es', edition: '2nd' });
    expect(parse(splitFrontMatter(scaffold).yaml!)).toEqual({ title: 'TODO(es) Guide: the basics', lang: 'es', translates: '2nd' });
    expect(scaffold.endsWith('---\n\n# TODO(es) Start\n')).toBe(true);
  });

  it.each([guide, checklist, ...fixtures.filter((file) => !unreadable.has(file))])('gives %s a translation of the same structure, its Markdown byte for byte', (file) => {
    const original = read(file);
    const scaffold = translationScaffold(original, { lang: 'nl', edition: 1, file });
    expect(compareStructure({ source: original, file }, { source: scaffold, file: file.replace(/\.md$/, '.nl.md') })).toEqual([]);
    // Take the markers out and the original's body is back, every byte.
    expect(splitFrontMatter(scaffold).rest.replaceAll(mark, '')).toBe(bodyOf(original));
    // Every marker is found, at its line.
    const lines = scaffold.split('\n').flatMap((line, n) => Array.from(line.matchAll(/TODO\(nl\) /g), () => n + 1));
    expect(untranslatedPassages(scaffold)).toEqual(lines);
  });

  it('stops with the original’s problem when its front matter cannot be read', () => {
    expect(() => translationScaffold('# Just text\n', { lang: 'nl', edition: 1, file: 'index.md' })).toThrow(ZineError);
    expect(() => translationScaffold(read('tests/fixtures/zines/malformed-yaml/index.md'), { lang: 'nl', edition: 1 })).toThrow(/the original's front matter is malformed/);
  });

  it('marks every passage of the real guide and keeps its links, images and code as written', () => {
    const original = read(guide);
    const scaffold = translationScaffold(original, { lang: 'nl', edition: 1 });
    for (const link of original.match(/\[[^\]]*\]\([^)]*\)/g)!) expect(scaffold).toContain(link);
    expect(scaffold).toContain('# TODO(nl) Liens utiles\n');
    expect(scaffold).toContain('- TODO(nl) Chiffrer son ordi Windows ou Mac grâce à [veracrypt.fr](https://veracrypt.fr/)\n');
    expect(untranslatedPassages(scaffold)).toHaveLength(61);
  });
});

describe('markPassages', () => {
  const marked = (markdown: string) => markPassages(markdown, mark);

  it('marks headings after their hashes, paragraphs, list items, quotes, callouts and table cells with words', () => {
    const markdown = [
      '## Title ##',
      '',
      'Setext title',
      '============',
      '',
      'A paragraph',
      'on two lines.',
      '',
      '- an item',
      '- [ ] a task',
      '',
      '> A quote.',
      '',
      ':::attention[Be careful]',
      'Inside the box.',
      ':::',
      '',
      '| Tool | Count |',
      '|------|------:|',
      '| Tor  | 12    |',
      '',
      '1. **Bold** start',
      '',
      '[^1]: A note.',
    ].join('\n');
    expect(marked(markdown)).toBe(
      [
        '## TODO(nl) Title ##',
        '',
        'TODO(nl) Setext title',
        '============',
        '',
        'TODO(nl) A paragraph',
        'on two lines.',
        '',
        '- TODO(nl) an item',
        '- [ ] TODO(nl) a task',
        '',
        '> TODO(nl) A quote.',
        '',
        ':::attention[TODO(nl) Be careful]',
        'TODO(nl) Inside the box.',
        ':::',
        '',
        '| TODO(nl) Tool | TODO(nl) Count |',
        '|------|------:|',
        '| TODO(nl) Tor  | 12    |',
        '',
        '1. TODO(nl) **Bold** start',
        '',
        '[^1]: TODO(nl) A note.',
      ].join('\n'),
    );
  });

  it('leaves alone what has no words of its own: an image, a bare address, code, HTML', () => {
    const markdown = [
      '![A diagram](images/diagram.png)',
      '',
      'https://example.org/',
      '',
      '<https://example.org/>',
      '',
      '[example.org](https://example.org/)',
      '',
      '`tor --version`',
      '',
      '```',
      'A sentence in code.',
      '```',
      '',
      '    indented code',
      '',
      '<p>HTML is left as it is.</p>',
      '',
      '| 1 | 2 |',
      '|---|---|',
      '',
      '[ref]: https://example.org/',
    ].join('\n');
    expect(marked(markdown)).toBe(markdown);
    // A link with words of its own is text to translate.
    expect(marked('[Download Tor](https://torproject.org/)')).toBe('TODO(nl) [Download Tor](https://torproject.org/)');
    expect(marked('Read https://example.org/ first.')).toBe('TODO(nl) Read https://example.org/ first.');
  });

  it('marks a MkDocs admonition’s title and body', () => {
    const markdown = '!!! warning "Mind the phone"\n    Leave it at home.\n';
    expect(marked(markdown)).toBe('!!! warning "TODO(nl) Mind the phone"\n    TODO(nl) Leave it at home.\n');
  });
});
