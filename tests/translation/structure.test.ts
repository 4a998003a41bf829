// A translation against its original: sections, images, tables, code and links
// compared in order, never the words; one warning per place where they part, at
// the translation's line.
import { describe, expect, it } from 'vitest';
import type { VFileMessage } from 'vfile-message';
import { formatProblem } from '../../scripts/errors.ts';
import { compareStructure, untranslatedPassages } from '../../scripts/translation/structure.ts';

// Six lines of front matter: the body starts on line 7.
const originalFront = ['---', 'title: S’organiser', 'lang: fr', 'edition: 2', 'date: 2026-11-25', '---'];
// Four lines: the body starts on line 5, two lines higher than the original's.
const translationFront = ['---', 'title: Zich organiseren', 'lang: nl', '---'];

const french = [
  '# Introduction', //  7
  '',
  'Ce guide aide à s’organiser avec `apt`. Voir [le site](https://example.org/guide).',
  '',
  '![Un schéma du réseau](images/schema.png)', // 11
  '',
  '## Outils',
  '',
  '| Outil | Usage | Lien |', // 15
  '|---|---|---|',
  '| Signal | messages | [signal.org](https://signal.org/) |',
  '',
  '```sh', // 19
  'apt install tor',
  'torsocks curl https://example.org/releases/latest/tor-browser-linux.tar.xz',
  '```',
  '',
  '## Liens utiles', // 24
  '',
  '- [Tails](https://tails.net/)',
  '- [Tor](https://www.torproject.org/)',
  '- Le guide : <https://guide.boum.org/>', // 28
];

// Every word different, the same structure; inline code is not compared.
const dutch = [
  '# Inleiding', //  5
  '',
  'Deze gids helpt je met `apt-get` om je te organiseren. Zie [de site](https://example.org/guide).',
  '',
  '![Een schema van het netwerk](images/schema.png)', //  9
  '',
  '## Gereedschap',
  '',
  '| Gereedschap | Gebruik | Link |', // 13
  '|:--|:--|:--|',
  '| Signal | berichten | [signal.org](https://signal.org/) |',
  '',
  '```sh', // 17
  'apt install tor',
  'torsocks curl https://example.org/releases/latest/tor-browser-linux.tar.xz',
  '```',
  '',
  '## Nuttige links', // 22
  '',
  '- [Tails](https://tails.net/)',
  '- [Tor](https://www.torproject.org/)',
  '- De gids: <https://guide.boum.org/>', // 26
];

const original = [...originalFront, ...french].join('\n') + '\n';

/** The warnings for a Dutch body (lines without their front matter), after a front matter of `front`. */
function compare(body: string[], front = translationFront): VFileMessage[] {
  return compareStructure({ source: original, file: 'content/guide/index.md' }, { source: [...front, ...body].join('\n') + '\n', file: 'content/guide/index.nl.md' });
}

/** The Dutch body with the lines from `start` (a line of `dutch`, counted from 1 after the front matter) replaced. */
function edit(start: number, count: number, ...lines: string[]): string[] {
  const body = [...dutch];
  body.splice(start - translationFront.length - 1, count, ...lines);
  return body;
}

/** Where and what: the line, and the message as the build prints it. */
const shown = (warnings: VFileMessage[]) => warnings.map((warning) => ({ line: warning.line, text: formatProblem(warning) }));

describe('compareStructure', () => {
  it('says nothing of a translation with every word different and the same structure', () => {
    expect(compare(dutch)).toEqual([]);
  });

  it('names a missing section once, with what it holds, at the line where it would be', () => {
    const warnings = compare(dutch.slice(0, 17)); // up to the code block's end
    expect(warnings).toHaveLength(1);
    expect(shown(warnings)).toEqual([
      {
        // The last landmark the two share: the code block, line 17 of the translation.
        line: 17,
        text:
          'content/guide/index.nl.md:17: warning: the original has a section “Liens utiles” (index.md:24) with 3 links that this translation lacks\n' +
          '  fix: bring the translation in step with index.md: translate the missing part here',
      },
    ]);
    expect(warnings[0]).toMatchObject({ fatal: false, file: 'content/guide/index.nl.md', column: undefined });
  });

  it('places a part missing at the start at the first landmark the two share', () => {
    // Without its first heading: the link on line 5 is the first landmark both have.
    const warnings = compare(dutch.slice(2));
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([[5, 'the original has a section “Introduction” (index.md:7) that this translation lacks']]);
  });

  it('names a section only the translation has at its own line', () => {
    const warnings = compare(edit(12, 0, '## Extra', '', 'Zie ook [dit](https://extra.example/).', ''));
    expect(shown(warnings)).toEqual([
      {
        line: 12,
        text:
          'content/guide/index.nl.md:12:1: warning: this translation has a section “Extra” with a link to https://extra.example/ that the original lacks\n' +
          '  fix: bring the translation in step with index.md: remove it here, or add it to index.md too',
      },
    ]);
  });

  it('takes a missing section for that section, not for the next one of the same level', () => {
    // Without "## Outils" and its table and code: the diff could match "## Liens utiles" with
    // "## Outils" and call the table, the code and the next heading missing instead.
    const warnings = compare(edit(11, 11));
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([[9, 'the original has a section “Outils” (index.md:13) with a table of 3 columns, a code block and a link to https://signal.org/ that this translation lacks']]);
  });

  it('names a missing image at the line of the landmark before it', () => {
    const warnings = compare(edit(9, 2));
    expect(shown(warnings)).toEqual([
      {
        line: 7,
        text:
          'content/guide/index.nl.md:7: warning: the original has an image images/schema.png (index.md:11) that this translation lacks\n' +
          '  fix: bring the translation in step with index.md: translate the missing part here',
      },
    ]);
  });

  it('names a changed link address, here and there', () => {
    const warnings = compare(edit(7, 1, 'Deze gids helpt je. Zie [de site](https://old.example.org/guide).'));
    expect(shown(warnings)).toEqual([
      {
        line: 7,
        text:
          "content/guide/index.nl.md:7:25: warning: link address differs from the original's (index.md:9): https://old.example.org/guide here, https://example.org/guide there\n" +
          "  fix: use index.md's address, or correct index.md too if this one is right",
      },
    ]);
  });

  it('takes links to sections as the same link, whatever the translated heading’s slug', () => {
    const withAnchor = (body: string[], line: string) => [...body, '', line];
    const warnings = compareStructure(
      { source: withAnchor([...originalFront, ...french], 'Voir [les liens](#liens-utiles).').join('\n') + '\n', file: 'content/guide/index.md' },
      { source: withAnchor([...translationFront, ...dutch], 'Zie [de links](#nuttige-links).').join('\n') + '\n', file: 'content/guide/index.nl.md' },
    );
    expect(warnings).toEqual([]);
    const lost = compareStructure(
      { source: withAnchor([...originalFront, ...french], 'Voir [les liens](#liens-utiles).').join('\n') + '\n', file: 'content/guide/index.md' },
      { source: withAnchor([...translationFront, ...dutch], 'Zie de links.').join('\n') + '\n', file: 'content/guide/index.nl.md' },
    );
    expect(lost.map((warning) => warning.reason)).toEqual([expect.stringContaining('#liens-utiles')]);
  });

  it('names the line of a code block that differs, and a changed language', () => {
    const changed = compare(edit(19, 1, 'torsocks curl https://example.org/releases/old/tor-browser-linux.tar.xz'));
    expect(shown(changed)).toEqual([
      {
        line: 17,
        text:
          "content/guide/index.nl.md:17:1: warning: code block differs from the original's (index.md:19): line 2 reads “…rg/releases/old/tor-browser-linux.tar.xz” here, “…rg/releases/latest/tor-browser-linux.tar.xz” there\n" +
          "  fix: copy the code block from index.md, or correct index.md too if this one is right",
      },
    ]);
    expect(compare(edit(17, 1, '```bash')).map((w) => w.reason)).toEqual(["code block differs from the original's (index.md:19): bash here, sh there"]);
    expect(compare(edit(19, 1)).map((w) => w.reason)).toEqual(["code block differs from the original's (index.md:19): 1 line here, 2 there"]);
    expect(compare(edit(18, 1, 'apt install tor  ')).map((w) => w.reason)).toEqual(["code block differs from the original's (index.md:19): line 1 differs in its spaces"]);
  });

  it('names a missing table, and a table with a column less', () => {
    const missing = compare(edit(13, 4));
    expect(missing.map((w) => [w.line, w.reason])).toEqual([[11, 'the original has a table of 3 columns and a link to https://signal.org/ (index.md:15) that this translation lacks']]);
    const narrower = compare(edit(13, 3, '| Gereedschap | Link |', '|---|---|', '| Signal | [signal.org](https://signal.org/) |'));
    expect(shown(narrower)).toEqual([
      {
        line: 13,
        text:
          "content/guide/index.nl.md:13:1: warning: table differs from the original's (index.md:15): 2 columns here, 3 there\n" +
          "  fix: give the table index.md's 3 columns",
      },
    ]);
  });

  it('names a heading of another level with the original’s text', () => {
    expect(compare(edit(11, 1, '### Gereedschap')).map((w) => [w.line, w.reason])).toEqual([[11, "heading level differs from the original's (index.md:13, “Outils”): ### here, ## there"]]);
  });

  it('gives one warning for changes side by side, each named', () => {
    const warnings = compare(edit(24, 2, '- [Tails](https://tails.boum.org/)', '- [Tor](http://torproject.org/)'));
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([
      [24, '2 differences from the original: link address (index.md:26): https://tails.boum.org/ here, https://tails.net/ there; link address (index.md:27): http://torproject.org/ here, https://www.torproject.org/ there'],
    ]);
  });

  it('says what stands in the place of something else', () => {
    const warnings = compare(edit(9, 1, '```', 'schema', '```'));
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([[9, 'this translation has a code block where the original has an image images/schema.png (index.md:11)']]);
  });

  it('reads links and images written as HTML, and links by reference', () => {
    const html = compare(edit(7, 1, 'Deze gids helpt je. Zie <a href="https://example.org/guide">de site</a>.'));
    expect(html).toEqual([]);
    const reference = compare(edit(7, 1, 'Deze gids helpt je. Zie [de site][site].', '', '[site]: https://example.org/old-guide'));
    expect(reference.map((w) => [w.line, w.reason])).toEqual([[7, "link address differs from the original's (index.md:9): https://example.org/old-guide here, https://example.org/guide there"]]);
  });

  it('counts lines from the top of each file, whatever the length of each front matter', () => {
    // A back cover of ten lines pushes the translation's body 11 lines further down than with the short front matter.
    const longFront = ['---', 'title: Zich organiseren', 'lang: nl', 'back: |', ...Array.from({ length: 10 }, (_, n) => `  Regel ${n + 1} met [een link](https://back.example/${n}).`), '---'];
    const warnings = compare(dutch.slice(0, 17), longFront);
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([[17 + 11, 'the original has a section “Liens utiles” (index.md:24) with 3 links that this translation lacks']]);
    // The back cover's links are not compared.
    expect(compare(dutch, longFront)).toEqual([]);
  });

  it('reads a translation saved with a byte order mark and CRLF line ends on the same lines', () => {
    const source = '\uFEFF' + [...translationFront, ...edit(7, 1, 'Zie [de site](https://old.example.org/guide).')].join('\r\n') + '\r\n';
    const warnings = compareStructure({ source: original, file: 'index.md' }, { source, file: 'index.nl.md' });
    expect(warnings.map((w) => w.line)).toEqual([7]);
  });

  it('compares documents of 5,000 links without a table of their product', () => {
    const links = (address: (n: number) => string) => Array.from({ length: 5000 }, (_, n) => `- [Lien ${n}](${address(n)})`);
    const big = (front: string[], lines: string[]) => [...front, '', '# Liens', '', ...lines].join('\n');
    const source = big(originalFront, links((n) => `https://example.org/${n}`));
    const kept = big(translationFront, links((n) => (n === 4321 ? 'https://old.example.org/4321' : `https://example.org/${n}`)));
    const warnings = compareStructure({ source, file: 'index.md' }, { source: kept, file: 'index.nl.md' });
    expect(warnings.map((w) => [w.line, w.reason])).toEqual([[4321 + 8, "link address differs from the original's (index.md:4331): https://old.example.org/4321 here, https://example.org/4321 there"]]);
    // Every address different: one warning for the one place where they part, every link counted.
    const other = compareStructure({ source, file: 'index.md' }, { source: big(translationFront, links((n) => `https://other.example/${n}`)), file: 'index.nl.md' });
    expect(other).toHaveLength(1);
    expect(other[0]!.reason).toMatch(/^5000 differences from the original: link address \(index\.md:10\): https:\/\/other\.example\/0 here, https:\/\/example\.org\/0 there; .*; and 4997 more$/);
  });
});

describe('untranslatedPassages', () => {
  it('finds the markers in the front matter and the text, not in code', () => {
    const source = [
      '---',
      'title: TODO(nl) S’organiser',
      'lang: nl',
      'back: |',
      '  TODO(nl) Leur fric, nos morts.',
      '---',
      '',
      '# TODO(nl) Introduction',
      '',
      '| TODO(nl) Outil | TODO(nl) Usage |',
      '|---|---|',
      '',
      '```',
      'grep -r "TODO(nl)" content/',
      '```',
      '',
      'Vertaald, met `TODO(nl)` in code.',
      '',
      '- TODO(pt-BR) Item',
    ].join('\n');
    expect(untranslatedPassages(source)).toEqual([2, 5, 8, 10, 10, 19]);
    expect(untranslatedPassages(source.replace(/TODO\([^)]*\) /g, ''))).toEqual([]);
  });
});
