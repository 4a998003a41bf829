// MkDocs admonitions, as guides exported from a website write them, become the zine's callouts.
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const md = async (markdown: string, lang = 'es') => {
  const { html, messages } = await markdownToHtml(markdown, { lang, path: 'index.md' });
  return { html: html.replaceAll('\u00AD', '').replace(/ data-line="\d+"/g, ''), messages };
};

describe('remarkMkdocsAdmonitions', () => {
  it('makes a warning an attention box with its title, the indented body as Markdown, and warns at its line', async () => {
    const { html, messages } = await md('Antes.\n\n!!! warning "Cuidado con el teléfono"\n    Apaga el **teléfono**.\n\n    - uno\n    - dos\n\nDespués.\n');
    expect(html).toBe(
      '<p>Antes.</p>\n<aside class="callout callout-attention"><p class="callout-title">Cuidado con el teléfono</p><p>Apaga el <strong>teléfono</strong>.</p><ul>\n<li>uno</li>\n<li>dos</li>\n</ul></aside>\n<p>Después.</p>',
    );
    expect(messages.map((m) => [m.fatal, m.line, m.column, m.reason, m.note])).toEqual([
      [false, 3, 1, 'MkDocs admonition `!!! warning "Cuidado con el teléfono"` is printed as a callout box (:::attention)', 'to write it for zinepress: :::attention[Cuidado con el teléfono], then its text unindented, then ::: on a line of its own'],
    ]);
  });

  it('maps note, tip and info to tip boxes and danger, caution to attention boxes, titled in the zine’s language without a title', async () => {
    const kinds = async (type: string, lang: string) => (await md(`!!! ${type}\n    Texto.\n`, lang)).html.match(/callout-(\w+)"><p class="callout-title">([^<]*)/)!.slice(1);
    expect(await kinds('note', 'es')).toEqual(['astuce', 'Consejo']);
    expect(await kinds('tip', 'de')).toEqual(['astuce', 'Tipp']);
    expect(await kinds('info', 'fr')).toEqual(['astuce', 'Astuce']);
    expect(await kinds('danger', 'es')).toEqual(['attention', 'Atención']);
    expect(await kinds('caution', 'en')).toEqual(['attention', 'Warning']);
    expect(await kinds('Warning', 'de')).toEqual(['attention', 'Achtung']);
  });

  it('takes a body after a blank line, folding admonitions (??? and ???+), extra classes and nested ones', async () => {
    const { html, messages } = await md('??? tip inline end "Plegable"\n\n    Primero.\n\n    !!! danger\n        Dentro.\n\n    Último.\n\nFuera.\n');
    expect(html).toBe(
      '<aside class="callout callout-astuce"><p class="callout-title">Plegable</p><p>Primero.</p><aside class="callout callout-attention"><p class="callout-title">Atención</p><p>Dentro.</p></aside><p>Último.</p></aside>\n<p>Fuera.</p>',
    );
    expect(messages.map((m) => m.line)).toEqual([1, 5]);
    const open = await md('???+ note\n    Abierto.\n');
    expect(open.html).toBe('<aside class="callout callout-astuce"><p class="callout-title">Consejo</p><p>Abierto.</p></aside>');
  });

  it('gives the body its lines in index.md, for every later message', async () => {
    const { messages } = await md('# Título\n\n!!! note\n    Texto.\n\n    [roto](#ninguna)\n');
    expect(messages.filter((m) => m.fatal).map((m) => [m.line, m.reason])).toEqual([[6, 'the link "#ninguna" goes to no section of the zine']]);
  });

  it('works inside a list item, and only warns inside a quote, where the body cannot be cut out', async () => {
    const list = await md('1. Paso.\n\n    !!! tip\n        Consejo útil.\n');
    expect(list.html).toContain('<aside class="callout callout-astuce"><p class="callout-title">Consejo</p><p>Consejo útil.</p></aside>');
    const quote = await md('> !!! note\n>     En una cita.\n');
    expect(quote.html).not.toContain('callout');
    expect(quote.messages.map((m) => [m.line, m.reason])).toEqual([[1, 'MkDocs admonition `!!! note` inside a quote would print as written']]);
  });

  it('leaves "!!!" that is no admonition, and code that shows one, as written', async () => {
    const { html, messages } = await md('¡¡¡Atención!!! Mucho cuidado.\n\n```\n!!! note\n    ejemplo\n```\n\nTexto !!! note\n');
    expect(html).not.toContain('callout');
    expect(html).toContain('<code>!!! note\n    ejemplo\n</code>');
    expect(messages).toEqual([]);
  });
});
