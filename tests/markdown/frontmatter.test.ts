import { describe, expect, it } from 'vitest';
import { describeFrontMatter } from '../../scripts/config.ts';
import type { VFileMessage } from 'vfile-message';
import { readFrontMatter } from '../../scripts/markdown/frontmatter.ts';

const valid = '---\ntitle: Tract\nlang: fr\nedition: 1\ndate: 2026-11-25\n---\n\n# Titre\n';

/** The first problem of the front matter (every test here has one). */
function errorOf(text: string): VFileMessage {
  const [first] = readFrontMatter(text, 'index.md').problems;
  if (!first) throw new Error('no error');
  return first;
}

/** The settings of a front matter that has no problem. */
function configOf(text: string) {
  const { config, problems } = readFrontMatter(text, 'index.md');
  if (!config) throw new Error(problems.map((p) => p.reason).join('; '));
  return config;
}

describe('readFrontMatter', () => {
  it('validates and keeps the body on its own lines', () => {
    const { config, body } = readFrontMatter(valid, 'index.md');
    expect(config).toMatchObject({ title: 'Tract', lang: 'fr', trim: 'A5', impose: ['booklet'] });
    expect(body.split('\n')[7]).toBe('# Titre');
  });

  it('names the line of a bad value and of an unknown key', () => {
    expect(errorOf(valid.replace('lang: fr', 'lang: français'))).toMatchObject({ line: 3, message: 'lang: "français" is not a language tag: write the tag of the zine\'s language (BCP 47), e.g. fr, en, nl, es, de or pt-BR' });
    expect(errorOf(valid.replace('edition: 1', 'edition: 1\nflavour: red')).line).toBe(5);
    // A list key written as one value (colour: bw for colour: [bw]) is named as written, at its line.
    expect(errorOf(valid.replace('edition: 1', 'edition: 1\ncolour: red'))).toMatchObject({ line: 5, message: 'colour: must be one of "colour", "bw"' });
    expect(readFrontMatter(valid.replace('edition: 1', 'edition: 1\ncolour: bw'), 'index.md').config?.colour).toEqual(['bw']);
    expect(errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nbooklet:\n  duplex: sideways')).line).toBe(7);
  });

  // Regression: impose: [minizine] with the default A5 trim printed every page at 50 % (5 pt text) and exited 0.
  it('gives a mini-zine the trim that fills an eighth of its paper', () => {
    const minizine = (extra: string) => configOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\n${extra}`));
    expect(minizine('impose: [minizine]').trim).toBe('A7');
    expect(minizine('impose: [minizine]\npaper: A3').trim).toBe('A6');
    expect(minizine('impose: [minizine]\npaper: Letter').trim).toBe('A7');
    expect(minizine('impose: [minizine]\npaper: Tabloid').trim).toBe('A6');
    expect(minizine('impose: [booklet, minizine]').trim).toBe('A7');
    // A7 on Letter prints at 94 %: close enough.
    expect(minizine('impose: [minizine]\npaper: Letter\ntrim: A7').trim).toBe('A7');
    expect(minizine('impose: [booklet]').trim).toBe('A5');
  });

  it('refuses a mini-zine trim that would be rescaled, on the line that sets it', () => {
    const error = errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nimpose: [minizine]\ntrim: A5'));
    expect(error.line).toBe(7);
    expect(error.message).toBe(
      'trim: a mini-zine prints each page on one eighth of the sheet (A4: 74 × 105 mm); trim A5 (148 × 210 mm) would print at 50 %: set trim: A7, or impose: [booklet]',
    );
    expect(errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\ntrim: half-Letter\npaper: Letter\nimpose: [minizine]'))).toMatchObject({
      line: 6,
      message: expect.stringContaining('(Letter: 70 × 108 mm); trim half-Letter (139.7 × 215.9 mm) would print at 50 %: set trim: A7'),
    });
    // No trim fits an eighth of A5: the error is on impose, the key that asked for a mini-zine.
    expect(errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\npaper: A5\nimpose: [minizine]'))).toMatchObject({
      line: 7,
      message: expect.stringMatching(/^impose: .*\(A5: 53 × 74 mm\); trim A7 .* would print at 70 %: set paper: A4 and trim: A7, or impose: \[booklet\]$/),
    });
  });

  it('takes one paper or a list of distinct papers, always a list once read', () => {
    const withPaper = (paper: string) => valid.replace('date: 2026-11-25', `date: 2026-11-25\n${paper}`);
    expect(configOf(valid).paper).toEqual(['A4']);
    expect(configOf(withPaper('paper: Letter')).paper).toEqual(['Letter']);
    expect(configOf(withPaper('paper: [Letter]')).paper).toEqual(['Letter']);
    expect(configOf(withPaper('paper: [A4, Letter]')).paper).toEqual(['A4', 'Letter']);
    expect(configOf(withPaper('paper:\n  - Letter\n  - A3')).paper).toEqual(['Letter', 'A3']);
  });

  it('refuses an empty list, an unknown paper and a paper named twice, at their line', () => {
    const withPaper = (paper: string) => errorOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\n${paper}`));
    const known = '"A3", "A4", "A5", "Letter", "Legal", "Tabloid"';
    expect(withPaper('paper: B5')).toMatchObject({ line: 6, message: `paper: must be one of ${known}` });
    expect(withPaper('paper: []')).toMatchObject({ line: 6, message: 'paper: lists no paper: write one (paper: A4) or several (paper: [A4, Letter])' });
    expect(withPaper('paper: [A4, B5]')).toMatchObject({ line: 6, message: `paper: "B5" must be one of ${known}` });
    expect(withPaper('paper: [A4, Letter, A4]')).toMatchObject({ line: 6, message: 'paper: names A4 twice; list each paper once' });
    // Written one paper a line, the error is on the paper's own line.
    expect(withPaper('paper:\n  - A4\n  - B5')).toMatchObject({ line: 8, message: `paper: "B5" must be one of ${known}` });
    expect(withPaper('paper:\n  - A4\n  - Letter\n  - A4')).toMatchObject({ line: 9, message: 'paper: names A4 twice; list each paper once' });
    expect(withPaper('paper: 3')).toMatchObject({ line: 6, message: 'paper: must be a paper (A3, A4, A5, Letter, Legal, Tabloid) or a list of them, e.g. [A4, Letter]' });
    expect(withPaper('paper: {A4: 1}')).toMatchObject({ line: 6, message: expect.stringMatching(/^paper: must be a paper .* or a list of them/) });
  });

  // A4 and Letter differ by about 6 %: A7 prints at 100 % on one and 94 % on the other.
  it('gives a mini-zine on several papers a trim that fits an eighth of each, chosen from the first', () => {
    const minizine = (extra: string) => configOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\nimpose: [minizine]\n${extra}`));
    expect(minizine('paper: [A4, Letter]').trim).toBe('A7');
    expect(minizine('paper: [Letter, A4]').trim).toBe('A7');
    expect(minizine('paper: [A3, Tabloid]').trim).toBe('A6');
    expect(minizine('paper: [A4, Letter]\ntrim: A7').trim).toBe('A7');
  });

  it('refuses a mini-zine on papers no one trim fits, on the paper line, naming the paper and the fix', () => {
    const minizine = (extra: string) => errorOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\nimpose: [minizine]\n${extra}`));
    const start = 'paper: a mini-zine prints each page on one eighth of the sheet, and no trim fits an eighth of every paper listed: ';
    expect(minizine('paper: [A4, A3]')).toMatchObject({
      line: 7,
      message: `${start}trim A7 (74 × 105 mm) fits A4 but would print at 141 % on A3 (105 × 149 mm): set paper: A4, or impose: [booklet]`,
    });
    expect(minizine('paper: [A4, Letter, A3]').message).toBe(
      `${start}trim A7 (74 × 105 mm) fits A4 and Letter but would print at 141 % on A3 (105 × 149 mm): set paper: [A4, Letter], or impose: [booklet]`,
    );
    // A trim given that fits one of the papers is kept; one that fits none is replaced.
    expect(minizine('paper: [A4, A3]\ntrim: A6').message).toBe(`${start}trim A6 (105 × 148 mm) fits A3 but would print at 71 % on A4 (74 × 105 mm): set paper: A3, or impose: [booklet]`);
    expect(minizine('paper: [A4, A3]\ntrim: A5')).toMatchObject({ line: 7, message: expect.stringMatching(/: set trim: A7 and paper: A4, or impose: \[booklet\]$/) });
    // A5 takes no trim: whatever comes first, it is the paper named.
    expect(minizine('paper: [A5, A4]').message).toMatch(/fits A4 but would print at 70 % on A5 \(53 × 74 mm\): set paper: A4, or impose/);
    // When another trim fits every paper, the trim is what is wrong, on its line.
    expect(minizine('paper: [A4, Letter]\ntrim: A6')).toMatchObject({
      line: 8,
      message: 'trim: a mini-zine prints each page on one eighth of the sheet (A4: 74 × 105 mm); trim A6 (105 × 148 mm) would print at 71 %: set trim: A7, or impose: [booklet]',
    });
  });

  // Found by the property test: yaml's toJS threw a ReferenceError, which reached the CLI as a crash.
  it('takes only a web address as the website: the back cover makes it a link', () => {
    for (const website of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,hi', 'file:///etc/passwd']) {
      const error = errorOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\nwebsite: "${website}"`));
      expect(error.line, website).toBe(6);
      expect(error.message, website).toMatch(/^website: must be a web address starting with https:\/\//);
    }
    const config = configOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nwebsite: https://www.secoursrouge.org/'));
    expect(config.website).toBe('https://www.secoursrouge.org/');
  });

  it('takes any language tag, in its canonical form', () => {
    for (const [written, tag] of [['es', 'es'], ['de', 'de'], ['pt-br', 'pt-BR'], ['de-CH', 'de-CH'], ['sw', 'sw'], ['sr-latn', 'sr-Latn']]) {
      expect(configOf(valid.replace('lang: fr', `lang: ${written}`)).lang, written).toBe(tag);
    }
    // Words of a language are no tags, even where Intl would take them (five to eight letters).
    for (const word of ['francais', 'Deutsch', 'english', 'es_ES', 'e']) {
      expect(errorOf(valid.replace('lang: fr', `lang: ${word}`)), word).toMatchObject({ line: 3, message: expect.stringMatching(/is not a language tag/) });
    }
  });

  it('refuses a right-to-left language at its line, saying why', () => {
    for (const tag of ['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'dv', 'pa-Arab']) {
      expect(errorOf(valid.replace('lang: fr', `lang: ${tag}`)), tag).toMatchObject({ line: 3, message: `lang: "${tag}" is written right to left: zinepress cannot lay out right-to-left scripts yet (Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Dhivehi…), only left-to-right ones` });
    }
    expect(configOf(valid.replace('lang: fr', 'lang: ar-Latn')).lang).toBe('ar-Latn');
  });

  it('takes a public web address as the base of relative links, and strictLinks', () => {
    const config = configOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nbase: https://example.org/guides/phone/\nstrictLinks: true'));
    expect(config).toMatchObject({ base: 'https://example.org/guides/phone/', strictLinks: true });
    expect(configOf(valid)).toMatchObject({ strictLinks: false });
    expect(configOf(valid).base).toBeUndefined();
    for (const base of ['/guides/', 'file:///home/me/site/', 'javascript:alert(1)']) {
      expect(errorOf(valid.replace('date: 2026-11-25', `date: 2026-11-25\nbase: "${base}"`)), base).toMatchObject({ line: 6, message: expect.stringMatching(/^base: /) });
    }
    expect(errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nbase: http://192.168.1.10/wiki/'))).toMatchObject({ line: 6, message: expect.stringMatching(/^base: must be a public web address/) });
  });

  it('turns an unresolved YAML alias into a content error', () => {
    expect(errorOf('---\n: *a\n---\n')).toMatchObject({ line: 2, message: expect.stringMatching(/malformed front matter: Unresolved alias/) });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = '---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n';
    expect(errorOf(bomb).message).toMatch(/malformed front matter/);
  });
});

describe('describeFrontMatter', () => {
  // Regression: keys were padded to 10 characters, so "maxImageDpi" ran into its description.
  it('starts every description in one column, two spaces after the longest key', () => {
    const lines = describeFrontMatter();
    const longest = Math.max(...lines.map((line) => /^\S+/.exec(line)![0].length));
    expect(lines).toContain(`${'maxImageDpi'.padEnd(longest + 2)}images are downsampled to at most this many dpi at their printed size (default 300)`);
    const columns = new Set(lines.map((line) => /^\S+ +/.exec(line)![0].length));
    expect([...columns]).toEqual([longest + 2]);
  });
});
