/// <reference types="remark-directive" />
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkCallouts from '../../scripts/markdown/remark-callouts.ts';
import type { Options } from '../../scripts/markdown/remark-callouts.ts';
import { render } from './render.ts';

const callouts = (markdown: string, options: Options = {}) => render(markdown, { remark: [() => remarkCallouts(options)] });
const html = (markdown: string, options: Options = {}) => callouts(markdown, options).html;

describe('remarkCallouts', () => {
  it('turns :::attention and :::astuce into asides with a French title', () => {
    expect(html(':::attention\nTor ou un VPN, mais pas les deux !\n:::\n\n:::astuce\nUn *casque-micro* évite les échos.\n:::')).toBe(
      '<aside class="callout callout-attention"><p class="callout-title">Attention</p><p>Tor ou un VPN, mais pas les deux !</p></aside>\n' +
      '<aside class="callout callout-astuce"><p class="callout-title">Astuce</p><p>Un <em>casque-micro</em> évite les échos.</p></aside>',
    );
  });

  it('accepts :::warning and :::tip', () => {
    expect(html(':::warning\nA\n:::\n\n:::tip\nB\n:::')).toBe(
      '<aside class="callout callout-attention"><p class="callout-title">Attention</p><p>A</p></aside>\n' +
      '<aside class="callout callout-astuce"><p class="callout-title">Astuce</p><p>B</p></aside>',
    );
  });

  it('uses the label as title', () => {
    expect(html(':::attention[Mon *titre*]\nTexte\n:::')).toBe(
      '<aside class="callout callout-attention"><p class="callout-title">Mon <em>titre</em></p><p>Texte</p></aside>',
    );
  });

  it('titles in English and Dutch', () => {
    expect(html(':::attention\nA\n:::\n\n:::tip\nB\n:::', { lang: 'en' })).toBe(
      '<aside class="callout callout-attention"><p class="callout-title">Warning</p><p>A</p></aside>\n' +
      '<aside class="callout callout-astuce"><p class="callout-title">Tip</p><p>B</p></aside>',
    );
    expect(html(':::attention\nA\n:::\n\n:::astuce\nB\n:::', { lang: 'nl-BE' })).toBe(
      '<aside class="callout callout-attention"><p class="callout-title">Let op</p><p>A</p></aside>\n' +
      '<aside class="callout callout-astuce"><p class="callout-title">Tip</p><p>B</p></aside>',
    );
  });

  it('titles in Spanish and German, and in English for a language without words', () => {
    const both = ':::attention\nA\n:::\n\n:::astuce\nB\n:::';
    const titles = (lang: string) => [...html(both, { lang }).matchAll(/<p class="callout-title">([^<]*)<\/p>/g)].map((match) => match[1]);
    expect(titles('es')).toEqual(['Atención', 'Consejo']);
    expect(titles('es-MX')).toEqual(['Atención', 'Consejo']);
    expect(titles('de')).toEqual(['Achtung', 'Tipp']);
    expect(titles('it')).toEqual(['Warning', 'Tip']);
  });

  it('keeps an unknown container as a plain div and says what to use', () => {
    const { html, file } = callouts('Avant\n\n:::foo\nContenu\n:::');
    expect(html).toBe('<p>Avant</p>\n<div><p>Contenu</p></div>');
    expect(file.messages.map(String)).toEqual([
      'input.md:3:1-5:4: Unknown directive ":::foo": its content is kept as a plain block; use :::attention or :::astuce',
    ]);
  });

  it('puts an unknown leaf directive back as text, and warns', () => {
    const { html, file } = callouts('::foo[bar *baz*]{a=1}');
    expect(html).toBe('<p>::foo[bar <em>baz</em>]{a=1}</p>');
    expect(file.messages.map(String)).toEqual(['input.md:1:1-1:22: Unknown directive "::foo": kept as text; use :::attention or :::astuce']);
  });

  it.each([
    'Côté Windows (Démarrer -> Paramètres)',
    'Réunion à 10:30',
    'Note:important',
    'mot :suite',
    'voir:ceci, a:b et :x[] puis x:abbr[texte]{#id .k}',
    'Riot : [riot.im](https://riot.im/) et https://www.signal.org/?a=1',
  ])('keeps every word of "%s"', (text) => {
    const { html, file } = callouts(text);
    expect(html).toBe(`<p>${text.replace('[riot.im](https://riot.im/)', '<a href="https://riot.im/">riot.im</a>').replace('https://www.signal.org/?a=1', '<a href="https://www.signal.org/?a=1">https://www.signal.org/?a=1</a>')}</p>`);
    expect(file.messages).toEqual([]);
  });

  it('does not mistake names of object properties for callouts', () => {
    const { html } = callouts(':::constructor\nA\n:::', { lang: 'constructor' });
    expect(html).toBe('<div><p>A</p></div>');
  });

  it('keeps inline formatting inside a text directive label', () => {
    expect(html('voir:ceci[**gras** et *italique*] fin')).toBe('<p>voir:ceci[<strong>gras</strong> et <em>italique</em>] fin</p>');
  });

  it('joins the restored text into one text node, for the typography plugins', () => {
    const processor = unified().use(remarkParse).use(remarkDirective).use(remarkCallouts);
    const file = new VFile('Réunion à 10:30 mot :suite');
    const tree = processor.runSync(processor.parse(file), file) as Root;
    expect(tree.children[0]).toMatchObject({
      type: 'paragraph',
      children: [{ type: 'text', value: 'Réunion à 10:30 mot :suite', position: { start: { offset: 0 }, end: { offset: 26 } } }],
    });
  });

  it('rebuilds a directive without positions from its name and attributes', () => {
    const tree: Root = {
      type: 'root',
      children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a' }, { type: 'textDirective', name: 'b', attributes: { id: 'x' }, children: [{ type: 'text', value: 'c' }] }] }],
    };
    unified().use(remarkCallouts).runSync(tree, new VFile());
    expect(tree.children[0]).toEqual({ type: 'paragraph', children: [{ type: 'text', value: 'a:b[c]{id="x"}' }] });
  });
});
