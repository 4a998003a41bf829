// Images as web pages write them: on the line under their sentence, two in a row,
// with "Cannot load image" as their alt text.
import { describe, expect, it } from 'vitest';
import { isPlaceholder } from '../../scripts/markdown/rehype-figures.ts';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const md = async (markdown: string) => {
  const { html } = await markdownToHtml(markdown, { lang: 'es', path: 'index.md', loadImage: async () => 'data:image/png;base64,AA==' });
  return html.replaceAll('\u00AD', '').replace(/ data-line="\d+"/g, '').replace(/ src="[^"]*"/g, '');
};

describe('rehypeFigures', () => {
  it('takes an image on its own line out of the paragraph, so the sentence above ends its paragraph', async () => {
    expect(await md('Así queda la placa al final.\n![Cannot load image](images/placa.png?classes=border,shadow)\n')).toBe(
      '<p>Así queda la placa al final.</p><figure><img alt="Cannot load image"></figure>',
    );
  });

  it('makes figures of images on lines in a row, and keeps the text after them a paragraph', async () => {
    expect(await md('Conecta el cable.\n![Primera vista](images/a.png)\n![](images/b.png "Desde arriba")\nLuego el **otro**.\n')).toBe(
      '<p>Conecta el cable.</p><figure><img alt="Primera vista"><figcaption>Primera vista</figcaption></figure><figure><img alt=""><figcaption>Desde arriba</figcaption></figure><p>Luego el <strong>otro</strong>.</p>',
    );
  });

  it('leaves an image inside a line of text inline', async () => {
    expect(await md('Pulsa ![el botón](images/b.png) y espera.\n')).toBe('<p>Pulsa <img alt="el botón"> y espera.</p>');
  });

  it('prints no caption for what a website says when an image fails', () => {
    for (const text of ['Cannot load image', 'cannot load image.', 'Image not found', 'Unable to display image']) expect(isPlaceholder(text, 'images/x.png')).toBe(true);
    expect(isPlaceholder('The board cannot be loaded with images', 'images/x.png')).toBe(false);
  });
});
