import fc from 'fast-check';
import type { Element, Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeHyphenate, { hasHyphenation } from '../../scripts/markdown/rehype-hyphenate.ts';
import type { Options } from '../../scripts/markdown/rehype-hyphenate.ts';
import remarkCallouts from '../../scripts/markdown/remark-callouts.ts';
import { render } from './render.ts';

const SHY = '\u00AD';

function hyphenate(markdown: string, options: Options = {}) {
  return render(markdown, { rehype: [() => rehypeHyphenate(options)] });
}
// Soft hyphens shown as "|" so expectations can be read.
const shown = (markdown: string, options: Options = {}) => hyphenate(markdown, options).html.replaceAll(SHY, '|');

describe('rehypeHyphenate', () => {
  it('hyphenates long French words, with soft hyphens', () => {
    const { html } = hyphenate('Le confinement des organisations et la visio-conférence.');
    expect(html).toBe(`<p>Le confi${SHY}ne${SHY}ment des or${SHY}ga${SHY}ni${SHY}sa${SHY}tions et la visio-confé${SHY}rence.</p>`);
  });

  it('leaves words shorter than minWordLength whole', () => {
    expect(shown('la crise du virus')).toBe('<p>la crise du virus</p>');
    expect(shown('la crise du virus', { minWordLength: 5 })).toBe('<p>la crise du vi|rus</p>');
  });

  it('leaves headings, code, links and no-hyphens elements whole', () => {
    expect(shown('# Confidentialité\n\n## Organisations\n\n`organisations` [organisations](#x)\n\n```\norganisations\n```')).toBe(
      '<h1>Confidentialité</h1>\n<h2>Organisations</h2>\n<p><code>organisations</code> <a href="#x">organisations</a></p>\n<pre><code>organisations\n</code></pre>',
    );
    const element = (tagName: string, className?: string[]): Element => ({
      type: 'element',
      tagName,
      properties: className ? { className } : {},
      children: [{ type: 'text', value: 'organisations' }],
    });
    const tree: Root = { type: 'root', children: [element('span', ['no-hyphens']), element('kbd'), element('samp'), element('span', ['x'])] };
    const processor = unified().use(rehypeHyphenate).use(rehypeStringify);
    const html = processor.stringify(processor.runSync(tree, new VFile()) as Root);
    expect(html.replaceAll(SHY, '|')).toBe(
      '<span class="no-hyphens">organisations</span><kbd>organisations</kbd><samp>organisations</samp><span class="x">or|ga|ni|sa|tions</span>',
    );
  });

  it('leaves addresses, names, acronyms and words with digits whole', () => {
    expect(shown('Riot.im www.secoursrouge.org https://example.org/organisations contact@organisations.fr ubuntu-fr.org/telechargement')).toBe(
      '<p>Riot.im <a href="http://www.secoursrouge.org">www.secoursrouge.org</a> <a href="https://example.org/organisations">https://example.org/organisations</a> <a href="mailto:contact@organisations.fr">contact@organisations.fr</a> ubuntu-fr.org/telechargement</p>',
    );
    expect(shown('quelqu’un lorsqu\'aujourd’hui s’organiser')).toBe('<p>quelqu’un lorsqu\'aujourd’hui s’or|ga|ni|ser</p>');
    expect(shown('LUKS MacOS iOS WireGuard VERACRYPT abc123def confidentialité')).toBe(
      '<p>LUKS MacOS iOS WireGuard VERACRYPT abc123def confi|den|tia|li|té</p>',
    );
  });

  it('never breaks a proper name: Discord, Windows, Signal, Veracrypt were hyphenated', () => {
    expect(shown('Ni Discord ni Windows : Signal, Veracrypt, Élisabeth et Jitsi.')).toBe(
      '<p>Ni Discord ni Windows : Signal, Veracrypt, Élisabeth et Jitsi.</p>',
    );
    expect(shown('Discord, Windows and Signal', { lang: 'en' })).toBe('<p>Discord, Windows and Signal</p>');
  });

  it('leaves a capitalised word at the start of a sentence whole, the cost of keeping names whole', () => {
    expect(shown('Confidentialité des organisations.')).toBe('<p>Confidentialité des or|ga|ni|sa|tions.</p>');
  });

  it('leaves callout titles whole', () => {
    const { html } = render(':::attention\nattention\n:::', { remark: [remarkCallouts], rehype: [() => rehypeHyphenate()] });
    expect(html.replaceAll(SHY, '|')).toBe('<aside class="callout callout-attention"><p class="callout-title">Attention</p><p>at|ten|tion</p></aside>');
  });

  it('hyphenates Dutch and English with their own patterns', () => {
    expect(shown('De vergaderingen', { lang: 'nl' })).toBe('<p>De ver|ga|de|rin|gen</p>');
    expect(shown('A certain king had a beautiful garden', { lang: 'en' })).toBe('<p>A cer|tain king had a beau|ti|ful garden</p>');
    expect(shown('organisations', { lang: 'en' })).toBe('<p>or|gan|isa|tions</p>');
    expect(shown('organisations', { lang: 'en-us' })).toBe('<p>or|gan|i|sa|tions</p>');
    expect(shown('organisations', { lang: 'fr-BE' })).toBe('<p>or|ga|ni|sa|tions</p>');
  });

  // Regression: Spanish text broken with English patterns gave "prot-esta" and "manifest-ación".
  it('hyphenates Spanish, German and Brazilian Portuguese with their own patterns', () => {
    expect(shown('la protesta y la manifestación', { lang: 'es' })).toBe('<p>la pro|tes|ta y la ma|ni|fes|ta|ción</p>');
    expect(shown('organização', { lang: 'pt-BR' })).toBe('<p>or|ga|ni|za|ção</p>');
    expect(hasHyphenation('es') && hasHyphenation('de-CH') && hasHyphenation('pt-BR')).toBe(true);
    expect(hasHyphenation('sw') || hasHyphenation('xx')).toBe(false);
  });

  it('breaks German nouns, which all start with a capital, but not names written with inner capitals', () => {
    expect(shown('Die Versammlung der Datenschutzgruppe mit VeraCrypt und WireGuard', { lang: 'de' })).toBe(
      '<p>Die Ver|samm|lung der Da|ten|schutz|grup|pe mit VeraCrypt und WireGuard</p>',
    );
    expect(shown('Versammlung LUKS', { lang: 'de', hyphenateCapitalised: false })).toBe('<p>Versammlung LUKS</p>');
  });

  it('warns and leaves the text whole for a language without patterns', () => {
    const { html, file } = hyphenate('organisations', { lang: 'xx' });
    expect(html).toBe('<p>organisations</p>');
    expect(file.messages.map((message) => message.reason)).toEqual([
      'No hyphenation patterns for lang "xx": text is not hyphenated; use fr, nl, en or en-us',
    ]);
  });

  it('is idempotent', () => {
    const once = hyphenate('Le confinement des organisations').html;
    const twice = render('Le confinement des organisations', { rehype: [() => rehypeHyphenate(), () => rehypeHyphenate()] }).html;
    expect(twice).toBe(once);
    expect(hyphenate(once.replace(/^<p>|<\/p>$/g, '')).html).toBe(once);
  });
});

describe('rehypeHyphenate, any text', () => {
  const words = ['confinement', 'organisations', 'Riot.im', 'https://x.org/organisations', 'LUKS', 'é', ' ', '\n', '-', '`', '*', '#', 'a@b.fr', SHY];
  const text = fc.oneof(
    fc.array(fc.constantFrom(...words), { maxLength: 20 }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );

  it('only adds soft hyphens, and adds none the second time', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('fr', 'nl', 'en'), (markdown, lang) => {
        const plugin = () => rehypeHyphenate({ lang });
        const plain = render(markdown).html;
        const once = render(markdown, { rehype: [plugin] }).html;
        expect(once.replaceAll(SHY, '')).toBe(plain.replaceAll(SHY, ''));
        expect(render(markdown, { rehype: [plugin, plugin] }).html).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
