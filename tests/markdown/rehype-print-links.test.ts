import { describe, expect, it } from 'vitest';
import rehypePrintLinks, { shortenUrl } from '../../scripts/markdown/rehype-print-links.ts';
import { render } from './render.ts';

const html = (markdown: string) => render(markdown, { rehype: [() => rehypePrintLinks()] }).html;

describe('shortenUrl', () => {
  it.each([
    ['https://www.signal.org/download/', 'signal.org/download'],
    ['https://signal.org/', 'signal.org'],
    ['http://tails.boum.org', 'tails.boum.org'],
    ['https://www.secoursrouge.org/', 'secoursrouge.org'],
    ['https://guide.boum.org/tomes/1/', 'guide.boum.org/tomes/1'],
    ['https://www.signal.org/?a=1', 'signal.org?a=1'],
    ['https://example.org/page?utm_source=zine&id=3#part', 'example.org/page?id=3#part'],
    ['https://fr.wikipedia.org/wiki/S%C3%A9curit%C3%A9', 'fr.wikipedia.org/wiki/Sécurité'],
    ['https://xn--bcher-kva.de/', 'bücher.de'],
    ['https://localhost:8080/x/', 'localhost:8080/x'],
    ['mailto:contact@secoursrouge.org', 'contact@secoursrouge.org'],
    ['mailto:contact@secoursrouge.org?subject=Zine', 'contact@secoursrouge.org'],
    ['Riot.im', 'riot.im'],
    ['www.veracrypt.fr/', 'veracrypt.fr'],
    ['a@b.fr', 'a@b.fr'],
    ['le site de Signal', 'le site de Signal'],
    ['https://www.flickr.com/photos/someone/12345678901/in/album-72157600000000000/?utm_source=x', 'flickr.com/photos/someone/12345678901'],
    ['https://www.accessnow.org/help/?utm_campaign=helpline&fbclid=abc123', 'accessnow.org/help'],
    ['https://wikijs.dev.organise.earth/en/tech#operational-security-staying-safe', 'wikijs.dev.organise.earth/en/tech'],
    ['https://www.youtube.com/watch?v=abcdefghijk&si=xyz', 'youtube.com/watch?v=abcdefghijk'],
  ])('%s → %s', (href, short) => {
    expect(shortenUrl(href)).toBe(short);
  });
});

describe('rehypePrintLinks', () => {
  it('prints the address after a link whose text is not the address', () => {
    expect(html('[Signal](https://www.signal.org/download/) et [écrire](mailto:contact@secoursrouge.org).')).toBe(
      '<p><a href="https://www.signal.org/download/">Signal</a><span class="link-address"> (signal.org/download)</span> et <a href="mailto:contact@secoursrouge.org">écrire</a><span class="link-address"> (contact@secoursrouge.org)</span>.</p>',
    );
  });

  it('adds nothing when the link text already is the address', () => {
    const markdown = [
      '[veracrypt.fr](https://veracrypt.fr/)',
      '[Riot.im](https://riot.im/)',
      '[www.secoursrouge.org](https://www.secoursrouge.org/)',
      'https://www.signal.org/?a=1',
      '<https://jitsi.org/>',
      'a@b.fr',
    ].join(' ');
    expect(html(markdown)).toBe(
      '<p><a href="https://veracrypt.fr/">veracrypt.fr</a> <a href="https://riot.im/">Riot.im</a> <a href="https://www.secoursrouge.org/">www.secoursrouge.org</a> <a href="https://www.signal.org/?a=1">https://www.signal.org/?a=1</a> <a href="https://jitsi.org/">https://jitsi.org/</a> <a href="mailto:a@b.fr">a@b.fr</a></p>',
    );
  });

  it('prints the whole address when the text shows only part of it', () => {
    expect(html('[signal.org](https://signal.org/download/)')).toBe(
      '<p><a href="https://signal.org/download/">signal.org</a><span class="link-address"> (signal.org/download)</span></p>',
    );
  });

  it('leaves internal and relative links alone', () => {
    expect(html('[Liens utiles](#liens-utiles) et [image](images/a.png) et [ftp](ftp://x.org/)')).toBe(
      '<p><a href="#liens-utiles">Liens utiles</a> et <a href="images/a.png">image</a> et <a href="ftp://x.org/">ftp</a></p>',
    );
  });

  it('works in list items, once per link', () => {
    expect(html('- [Buttercup](https://buttercup.pw/) ou [KeePass](https://keepass.info/)')).toBe(
      '<ul>\n<li><a href="https://buttercup.pw/">Buttercup</a><span class="link-address"> (buttercup.pw)</span> ou <a href="https://keepass.info/">KeePass</a><span class="link-address"> (keepass.info)</span></li>\n</ul>',
    );
  });

  it('takes another class name', () => {
    const { html } = render('[Signal](https://signal.org/)', { rehype: [() => rehypePrintLinks({ className: 'url' })] });
    expect(html).toBe('<p><a href="https://signal.org/">Signal</a><span class="url"> (signal.org)</span></p>');
  });
});
