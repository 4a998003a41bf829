import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanSvg, cleanSvgWithImages, drawingFont } from '../../scripts/images/svg.ts';
import { ZineError } from '../../scripts/errors.ts';
import { includesText, makeLeakyJpeg, SECRETS } from './helpers.ts';

const open = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" viewBox="0 0 40 20">';
const wrap = (body: string) => `${open}${body}</svg>`;

/** Patterns that must never survive cleaning. */
const DANGEROUS = [/<script/i, /<foreignObject/i, /\son\w+\s*=/i, /javascript:/i, /vbscript:/i, /@import/i, /<\?xml-stylesheet/i, /<!DOCTYPE/i, /https?:/i, /url\((?!#)/i];

function expectSafe(svg: string) {
  for (const pattern of DANGEROUS) {
    // xmlns values are the only http: allowed, on the root.
    expect(svg.replace(/ xmlns(:xlink)?="[^"]*"/g, ''), String(pattern)).not.toMatch(pattern);
  }
}

function refusal(text: string, name = 'images/drawing.svg'): ZineError {
  try {
    cleanSvg(text, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ZineError);
    expect((error as ZineError).message).toContain(name);
    expect((error as ZineError).hint?.length).toBeGreaterThan(20);
    return error as ZineError;
  }
  throw new Error('cleanSvg accepted the file');
}

/** librsvg's XML parser as an independent check that the output is well-formed SVG. */
async function expectDrawable(svg: string) {
  const metadata = await sharp(Buffer.from(svg)).metadata();
  expect(metadata.format).toBe('svg');
}

describe('cleanSvg: keeps a harmless drawing', () => {
  it('keeps shapes, gradients, internal references, styles and text', async () => {
    const text = wrap(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>' +
        '<path id="p" d="M0 0 L10 10"/></defs>' +
        '<style>.a { fill: url(#g); stroke: #000 } text > tspan { font-weight: bold }</style>' +
        '<rect class="a" width="40" height="20" style="fill: url(&quot;#g&quot;); opacity: .5"/>' +
        '<use href="#p"/><use xlink:href="#p"/><text x="1" y="15" xml:space="preserve">A &amp; B &lt; C <tspan>é</tspan></text>',
    );
    const { svg, removed } = cleanSvg(text, 'drawing.svg');
    expect(removed).toEqual([]);
    expect(svg).toContain('<linearGradient id="g">');
    expect(svg).toContain('fill: url(#g)');
    expect(svg).toContain('<use href="#p"/>');
    expect(svg).toContain('<use xlink:href="#p"/>');
    expect(svg).toContain('A &amp; B &lt; C <tspan>é</tspan>');
    expect(svg).toContain('text &gt; tspan');
    await expectDrawable(svg);
    // Cleaning is idempotent.
    expect(cleanSvg(svg, 'drawing.svg')).toEqual({ svg, removed: [] });
  });

  it('accepts an XML declaration, a plain DOCTYPE without entities and a BOM', () => {
    const text =
      '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' +
      wrap('<rect width="1" height="1"/>');
    const { svg, removed } = cleanSvg(text, 'a.svg');
    expect(removed).toEqual(['DOCTYPE']);
    expect(svg.startsWith('<svg')).toBe(true);
  });
});

describe('cleanSvg: removes what can run or fetch', () => {
  it.each([
    ['script', '<script>alert(1)</script><script type="text/ecmascript"><![CDATA[fetch("//x")]]></script>', '<script> element'],
    ['foreignObject', '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://x"/></foreignObject>', '<foreignObject> element'],
    ['animation rewriting href', '<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="href" to="javascript:1"/></a>', '<animate> element'],
    ['event handlers', '<rect onclick="alert(1)" ONLOAD="x()" onmouseover = \'y()\' width="1" height="1"/>', 'onclick attribute on <rect>'],
    ['javascript: href', '<a href="javascript:alert(1)"><text>x</text></a>', 'script URL in href on <a>'],
    ['entity-hidden javascript: href', '<a xlink:href="&#106;ava&#x09;script:alert(1)"><text>x</text></a>', 'script URL in xlink:href on <a>'],
    ['vbscript: href', '<a href=" VBScript:msgbox(1)"><text>x</text></a>', 'script URL in href on <a>'],
    ['data:text/html href', '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>', 'script URL in href on <a>'],
    ['remote image', '<image href="https://tracker.example/p.png" width="1" height="1"/>', 'external reference href="https://tracker.example/p.png" on <image>'],
    ['protocol-relative image', '<image xlink:href="//tracker.example/p.png"/>', 'external reference xlink:href="//tracker.example/p.png" on <image>'],
    ['local file image', '<image href="file:///etc/hostname"/><image href="../../secret.png"/>', 'external reference href="file:///etc/hostname" on <image>'],
    ['external use', '<use href="https://x.example/sprites.svg#icon"/>', 'external reference href="https://x.example/sprites.svg#icon" on <use>'],
    ['nested SVG as data', '<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', 'external reference href="data:image/svg+xml;base64,PHN2Zy8+" on <image>'],
    ['@import', '<style>@import url(https://x.example/a.css); @import "b.css"; rect { fill: red }</style>', 'CSS @import'],
    ['url() in <style>', '<style>rect { fill: url(https://x.example/g.svg#a) } @font-face { src: url("https://x.example/f.woff") }</style>', 'CSS url(https://x.example/g.svg#a)'],
    ['url() in style attribute', '<rect style="background: url(\'http://x.example/p.png\')" width="1" height="1"/>', 'CSS url(http://x.example/p.png)'],
    ['url() in a presentation attribute', '<rect fill="url(http://x.example/g.svg#a)" filter="url(#f)" width="1" height="1"/>', 'CSS url(http://x.example/g.svg#a)'],
    ['CSS escapes', '<style>rect { fill: u\\72l(http://x.example/a) }</style>', 'CSS with backslash escapes'],
    ['image-set()', '<rect style="fill: image-set(&quot;http://x.example/a.png&quot; 1x)"/>', 'CSS that can load resources (image-set(), src() …)'],
    ['xml-stylesheet', '', '<?xml-stylesheet?> processing instruction'],
    ['Inkscape metadata', '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:creator>Jeanne</dc:creator></rdf:RDF></metadata><sodipodi:namedview/>', '<metadata> element'],
    ['editor attributes', '<g inkscape:export-filename="/home/jeanne/zine.png" sodipodi:docname="x"/>', 'inkscape:* attributes'],
    ['comments', '<!-- drawn by Jeanne at the squat -->', 'comments'],
    ['unknown elements', '<iframe src="https://x"/><html:script xmlns:html="http://www.w3.org/1999/xhtml">1</html:script><color-profile xlink:href="https://x/icc"/>', '<iframe> element'],
  ])('%s', async (_, body, expected) => {
    const text = body === '' ? `<?xml-stylesheet href="https://x.example/a.css"?>${wrap('<rect width="1" height="1"/>')}` : wrap(body);
    const { svg, removed } = cleanSvg(text, 'drawing.svg');
    expect(removed).toContain(expected);
    expectSafe(svg);
    expect(svg).not.toContain('Jeanne');
    await expectDrawable(svg);
    expect(cleanSvg(svg, 'drawing.svg').removed).toEqual([]);
  });

  it('keeps the rest of a style when one url() goes', () => {
    const { svg } = cleanSvg(wrap('<style>a { fill: url(http://x/y) } b { fill: url(#g) }</style>'), 'a.svg');
    expect(svg).toContain('<style>a { fill: none } b { fill: url(#g) }</style>');
  });

  it('sets the SVG namespaces on the root, whatever the file said', () => {
    const { svg } = cleanSvg('<svg xmlns="http://www.w3.org/1999/xhtml" xmlns:xlink="http://evil"><rect/></svg>', 'a.svg');
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><rect/></svg>');
  });
});

describe('cleanSvg: embedded bitmaps', () => {
  it('removes them by default, because they may carry EXIF/GPS', async () => {
    const jpeg = await makeLeakyJpeg(40, 30);
    const text = wrap(`<image width="40" height="30" href="data:image/jpeg;base64,${jpeg.toString('base64')}"/>`);
    const { svg, removed } = cleanSvg(text, 'a.svg');
    expect(removed).toEqual(['embedded image on <image> (may carry EXIF/GPS; use cleanSvgWithImages)']);
    expect(svg).not.toContain('data:');
  });

  it('cleanSvgWithImages keeps them, re-encoded without metadata', async () => {
    const jpeg = await makeLeakyJpeg(40, 30);
    const text = wrap(`<image width="40" height="30" xlink:href="data:image/jpeg;base64,${jpeg.toString('base64')}"/>`);
    const { svg, removed } = await cleanSvgWithImages(text, 'a.svg');
    expect(removed).toEqual([]);
    const data = /xlink:href="data:image\/jpeg;base64,([^"]+)"/.exec(svg)?.[1];
    expect(data).toBeDefined();
    const embedded = Buffer.from(data!, 'base64');
    for (const secret of [SECRETS.make, SECRETS.artist, SECRETS.serial, 'Exif']) {
      expect(includesText(embedded, secret), secret).toBe(false);
    }
    expect((await sharp(embedded).metadata()).exif).toBeUndefined();
    await expectDrawable(svg);
  });

  it('cleanSvgWithImages cannot be fooled by a forged placeholder', async () => {
    const { svg } = await cleanSvgWithImages(wrap('<rect id="zinepress-embedded:0" width="1" height="1"/>'), 'a.svg');
    expect(svg).toContain('id="zinepress-embedded:0"');
  });
});

describe('cleanSvg: files it refuses', () => {
  it('refuses entity declarations (XXE)', () => {
    const error = refusal('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>' + wrap('<text>&x;</text>'));
    expect(error.message).toMatch(/entities/);
  });

  it('refuses a billion laughs', () => {
    const lol = '<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    expect(refusal(lol + wrap('<text>&lol2;</text>')).message).toMatch(/entities/);
  });

  it.each([
    ['not SVG', '<html><body/></html>', /root element is <html>/],
    ['no element', 'just text', /text outside|no <svg>/],
    ['unclosed', `${open}<g>`, /never closed/],
    ['mismatched', wrap('<g></rect>'), /does not close/],
    ['unknown entity', wrap('<text>&nbsp;</text>'), /entity/],
    ['bare ampersand', wrap('<text>a & b</text>'), /entity/],
    ['unquoted attribute', wrap('<rect width=1/>'), /malformed attribute/],
    ['duplicate attribute', wrap('<rect width="1" width="2"/>'), /duplicate attribute/],
    ['two roots', wrap('') + wrap(''), /more than one root/],
    ['unterminated comment', wrap('<!-- x'), /unterminated comment/],
    ['a control character', wrap('<text>\u0001</text>'), /control character U\+0001/],
    ['a control character as an entity', wrap('<text>&#1;</text>'), /entity/],
  ])('refuses %s', (_, text, message) => {
    expect(refusal(text).message).toMatch(message);
  });
});

describe('cleanSvg: what a parser switch could get wrong', () => {
  /** Cleans, checks the result is safe, drawable and stable, and returns it. */
  async function cleaned(body: string, prefix = '') {
    const result = cleanSvg(prefix + wrap(body), 'drawing.svg');
    expectSafe(result.svg);
    expect(result.svg).not.toMatch(/alert|file:|x\.example/);
    await expectDrawable(result.svg);
    expect(cleanSvg(result.svg, 'drawing.svg')).toEqual({ svg: result.svg, removed: [] });
    return result;
  }

  it('refuses a full billion laughs at once, without expanding it', () => {
    const levels = Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`).join('');
    const started = performance.now();
    const error = refusal(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol0 "lol">${levels}]>${wrap('<text>&lol9;</text>')}`);
    expect(error.message).toMatch(/entities/);
    expect(error.hint).toMatch(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses parameter entities and any other internal DTD subset', () => {
    expect(refusal(`<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://x.example/p.dtd"> %p;]>${wrap('')}`).message).toMatch(/entities/);
    expect(refusal(`<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>${wrap('')}`).message).toMatch(/entities/);
  });

  it('never resolves an external DTD: its entities stay unknown', async () => {
    const external = '<!DOCTYPE svg SYSTEM "file:///etc/passwd">';
    expect(refusal(external + wrap('<text>&xxe;</text>')).message).toMatch(/unknown entity reference/);
    const { removed } = await cleaned('<rect width="1" height="1"/>', `${external}\n`);
    expect(removed).toEqual(['DOCTYPE']);
    const publicId = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x.example/svg11.dtd">';
    expect((await cleaned('<rect width="1" height="1"/>', publicId)).removed).toEqual(['DOCTYPE']);
  });

  it('reads a DOCTYPE only where XML allows one', () => {
    expect(refusal(`${wrap('')}<!DOCTYPE svg>`).message).toMatch(/doctype/i);
  });

  it('removes scripts wrapped in CDATA, and escapes CDATA text that looks like markup', async () => {
    const { svg, removed } = await cleaned(
      '<script type="text/ecmascript"><![CDATA[ alert(1) ]]></script>' +
        '<text x="1" y="10"><![CDATA[<script>go()</script> & <foreignObject>]]></text>',
    );
    expect(removed).toEqual(['<script> element']);
    expect(svg).toContain('<text x="1" y="10">&lt;script&gt;go()&lt;/script&gt; &amp; &lt;foreignObject&gt;</text>');
  });

  it('cleans CSS written in a CDATA section', async () => {
    const { svg, removed } = await cleaned('<style><![CDATA[ rect { fill: url( "https://x.example/a.svg#g" ) } @import "https://x.example/b.css"; ]]></style>');
    expect(removed).toEqual(['CSS @import', 'CSS url(https://x.example/a.svg#g)']);
    expect(svg).toContain('<style> rect { fill: none }  </style>');
  });

  it('drops script and foreignObject elements under any prefix or default namespace', async () => {
    const { svg, removed } = await cleaned(
      '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>' +
        '<s:foreignObject xmlns:s="http://www.w3.org/2000/svg"><p>alert</p></s:foreignObject>' +
        '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>' +
        '<g xmlns="http://www.w3.org/1999/xhtml"><rect width="1" height="1"/></g>',
    );
    expect(removed).toEqual(['<svg:script> element', '<s:foreignObject> element', '<script> element']);
    expect(svg).toContain('<g><rect width="1" height="1"/></g>');
  });

  it('drops a link under another prefix bound to the XLink namespace', async () => {
    const { removed } = await cleaned('<a xmlns:l="http://www.w3.org/1999/xlink" l:href="javascript:alert(1)"><text>x</text></a>');
    expect(removed).toEqual(['l:* attributes']);
  });

  it.each([
    ['<feImage href="https://x.example/a.png"/>', 'external reference href="https://x.example/a.png" on <feImage>'],
    ['<linearGradient id="a" xlink:href="http://x.example/g.svg#b"/>', 'external reference xlink:href="http://x.example/g.svg#b" on <linearGradient>'],
    ['<textPath href="HTTPS://x.example/p.svg#path">x</textPath>', 'external reference href="HTTPS://x.example/p.svg#path" on <textPath>'],
    ['<image xlink:href=" file:///etc/passwd"/>', 'external reference xlink:href="file:///etc/passwd" on <image>'],
    ['<pattern id="p" href="file:///home/jeanne/x.svg#p"/>', 'external reference href="file:///home/jeanne/x.svg#p" on <pattern>'],
    ['<use href="&#x6A;ava&#x0A;script&#58;alert(1)"/>', 'script URL in href on <use>'],
    ['<a xlink:href="JaVaScRiPt:alert(1)"><text>x</text></a>', 'script URL in xlink:href on <a>'],
    ['<a href="&#13;javascript:alert(1)"><text>x</text></a>', 'script URL in href on <a>'],
  ])('drops the link in %s', async (body, expected) => {
    const { removed } = await cleaned(body);
    expect(removed).toEqual([expected]);
  });

  it.each([
    ['URL() in capitals', '<rect style="fill: URL(https://x.example/a)"/>', 'fill: none', 'CSS url(https://x.example/a)'],
    ['a quoted url() with spaces', '<rect style="fill: url( &quot;#g&quot; ); stroke: url(\'x.example/b\')"/>', 'fill: url(#g); stroke: none', 'CSS url(x.example/b)'],
    ['@import in a style attribute', '<rect style="@import url(x.example/c.css); fill: red"/>', '', 'CSS @import'],
    ['@IMPORT in capitals', '<style>@IMPORT "x.example/c.css"; rect { fill: red }</style>', '<style> rect { fill: red }</style>', 'CSS @import'],
    ['@import after a comment', '<style>/* x */@import url(x.example/c.css);</style>', '<style> </style>', 'CSS @import'],
    ['url() in a custom property', '<style>:root { --bg: url(x.example/d.png) } rect { fill: var(--bg) }</style>', ':root { --bg: none }', 'CSS url(x.example/d.png)'],
    ['url() in a nested rule', '<style>g { rect { fill: url(x.example/e.svg#g) } }</style>', 'g { rect { fill: none } }', 'CSS url(x.example/e.svg#g)'],
    ['an unterminated url() at the end', '<rect style="fill: url(x.example/f.png"/>', 'fill: none', 'CSS url(x.example/f.png)'],
    ['a url() with a space inside', '<rect style="fill: url(x.example/a b)" width="1" height="1"/>', '<rect width="1" height="1"/>', 'malformed CSS url()'],
    ['a prefixed image-set()', '<rect style="fill: -webkit-image-set(url(x.example/g.png) 1x)"/>', '<rect/>', 'CSS that can load resources (image-set(), src() …)'],
  ])('CSS: %s', async (_, body, kept, expected) => {
    const { svg, removed } = await cleaned(body);
    expect(removed).toContain(expected);
    expect(svg).toContain(kept);
  });

  it('CSS: a comment cannot hide an element from the XML parser, nor a rule from the CSS one', async () => {
    const { svg, removed } = await cleaned(
      '<style>rect { fill: red } /* </style><script>alert(1)</script><style> */ @import url(x.example/h.css);</style>' +
        '<!-- <script>alert(1)</script> --><!--><script>alert(1)</script>-->',
    );
    expect(removed).toEqual(['<script> element', 'CSS @import', 'comments']);
    // The second style reads as a rule whose selector holds the @import: the whole style goes.
    expect(svg).toContain('<style>rect { fill: red }  </style><style></style>');
  });

  it.each([
    ['a bare &', wrap('<text>Tom & Jerry</text>\n<rect style="fill: red;"/>'), /a "&" that starts no entity reference \(line 1\)/, /&amp;/],
    ['a bare & in an attribute', wrap('\n<a href="#a?b=1&c=2"/>'), /a "&" that starts no entity reference \(line 2\)/, /&amp;/],
    ['an HTML entity', wrap('<text>a&nbsp;b</text>'), /unknown entity reference \(line 1, column \d+\)/, /&nbsp;/],
    ['"<" in an attribute', wrap('<rect id="a<b"/>'), /"<" is not allowed here/, /Inkscape/],
    ['an unterminated CDATA section', wrap('\n<text><![CDATA[ x'), /unterminated CDATA section \(line 2\)/, /Inkscape/],
    ['a misnested end tag', wrap('<g>\n<rect></g>'), /<\/g> does not close <rect> \(line 2/, /Inkscape/],
    ['an attribute without a value', wrap('<rect hidden/>'), /line 1/, /Inkscape/],
  ])('refuses %s with the line and a fix', (_, text, message, hint) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });

  it('accepts "&" where XML allows it: comments and CDATA sections', async () => {
    const { svg } = await cleaned('<!-- a & b --><text><![CDATA[a & b]]></text>');
    expect(svg).toContain('<text>a &amp; b</text>');
  });
});

describe('cleanSvg: fuzzing CSS', () => {
  const pieces = [
    'url(', 'URL(', 'url("', "url('", 'x.example/a', '#g', ')', '(', '"', "'", '@import ', '@media print', '{', '}', ';', ':', ',', ' ', '\n',
    '/*', '*/', 'rect', 'fill', 'font-family:', 'font:', '12px', '/1.2', 'serif', 'Arial', '--v:', 'var(--v)', 'image-set(', 'src(', '&amp;', 'u',
  ];
  const css = fc.array(fc.constantFrom(...pieces), { maxLength: 16 }).map((parts) => parts.join(''));

  it('leaves no url() but #id, no @import and no loading function, and is stable', () => {
    fc.assert(
      fc.property(css, css, (sheet, inline) => {
        const text = wrap(`<style>${sheet}</style><rect style="${inline.replace(/"/g, '&quot;')}" fill="${inline.replace(/"/g, '&quot;')}"/>`);
        const result = cleanSvg(text, 'fuzz.svg');
        expectSafe(result.svg);
        expect(result.svg).not.toMatch(/(?<![\w-])(?:image-set|src)\(/i);
        expect(cleanSvg(result.svg, 'fuzz.svg')).toEqual({ svg: result.svg, removed: [] });
      }),
      { numRuns: 1000, seed: 20251202 },
    );
  });
});

describe('cleanSvg: fuzzing with hostile fragments', () => {
  const leaves = [
    '<script>alert(1)</script>', '<foreignObject><div/></foreignObject>', '<rect onload="x()" width="1"/>',
    '<image href="http://x/a.png"/>', '<use xlink:href="#a"/>', '<style>@import url(http://x); rect { fill: url(http://y) }</style>',
    '<!-- c -->', '<![CDATA[ <script> ]]>', '&amp;', '&#106;', '&#1;', 'hello', '"', "'", '>', '<?xml-stylesheet href="x"?>',
    '<set attributeName="href" to="javascript:1"/>', '\u0000', ' ', '<rect fill="url(//x/y#z)" style="fill:u\\72l(x)"/>',
  ];
  const wrappers: [string, string][] = [
    ['<a href="javascript:alert(1)">', '</a>'], ['<g style="fill:url(#a)">', '</g>'], ['<text>', '</text>'],
    ['<script>', '</script>'], ['<style>', '</style>'], ['<metadata>', '</metadata>'], ['<g onclick="x">', '</g>'],
  ];
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...leaves),
      fc.tuple(fc.constantFrom(...wrappers), fc.array(tie('tree'), { maxLength: 4 })).map(([[start, end], children]) => start + children.join('') + end),
    ),
  }));
  const hostileInput = fc.oneof(
    fc.array(tree, { maxLength: 6 }).map((parts) => parts.join('')), // well nested
    fc.array(fc.constantFrom(...leaves, '<', '</g>', '<g>'), { maxLength: 12 }).map((parts) => parts.join('')), // not
  );

  it('either refuses with ZineError or returns safe, idempotent SVG', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileInput, (body) => {
        let result;
        try {
          result = cleanSvg(wrap(body), 'fuzz.svg');
        } catch (error) {
          expect(error).toBeInstanceOf(ZineError);
          return;
        }
        accepted++;
        expectSafe(result.svg);
        expect(cleanSvg(result.svg, 'fuzz.svg')).toEqual({ svg: result.svg, removed: [] });
      }),
      { numRuns: 2000, seed: 20251125 },
    );
    expect(accepted).toBeGreaterThan(500); // the property must not pass only by refusing
  });
});

describe('cleanSvg: a drawn drawing fetches nothing', () => {
  let server: http.Server;
  let requests = 0;
  let origin = '';

  beforeAll(async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();
    server = http.createServer((_, response) => {
      requests++;
      response.setHeader('content-type', 'image/png');
      response.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
  });

  it('neither librsvg nor the cleaned file reaches out, even from SVG that was never cleaned', async () => {
    // The fallback check: sharp's librsvg, given the raw hostile file, makes no request.
    const hostile = wrap(
      `<image href="${origin}/a.png" width="40" height="20"/><image xlink:href="${origin}/b.png" width="40" height="20"/>` +
        `<style>@import url(${origin}/c.css); rect { fill: url(${origin}/d.svg#g) }</style><rect width="4" height="4"/>`,
    );
    const { data } = await sharp(Buffer.from(hostile)).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0); // the remote red PNG was not drawn
    const { svg } = cleanSvg(hostile, 'hostile.svg');
    expect(svg).not.toContain(origin);
    await sharp(Buffer.from(svg)).png().toBuffer();
    expect(requests).toBe(0);
  });
});

// Regression: an SVG is shown as an <img>, a document of its own that sees neither the
// page's CSS nor its fonts; text in "DejaVu Sans" made Chromium embed DejaVuSans, a font of
// the build machine, into the PDF.
describe('cleanSvg: fonts of this computer', () => {
  const SYSTEM_FONTS = /DejaVu|Liberation|Arial|Helvetica|Times|Courier|Noto/i;
  const withFonts = wrap(
    '<style>@font-face { font-family: Mine; src: local("DejaVu Sans") } text { font-family: "DejaVu Sans", sans-serif; fill: #000 }' +
      ' .note { font: italic bold 6px/1.2 \'DejaVu Serif\', serif } .x:hover { font: caption }</style>' +
      '<g font-family="Liberation Mono"><text x="1" y="8" font-family="DejaVu Sans">A</text>' +
      '<text class="note" y="16" style="font-family: Arial; font-size: 4px">B <tspan style="font: 5px Times !important">C</tspan></text></g>',
  );
  const font = { family: "'Source Serif 4', serif", faces: '@font-face { font-family: \'Source Serif 4\'; src: url(data:font/woff2;base64,d09GMg==) format(\'woff2\'); }' };
  /** Every font a declaration or attribute of the cleaned drawing names. */
  const namedFonts = (svg: string) => [...svg.matchAll(/font(?:-family)?(?:="|\s*:\s*)([^";}]+)/g)].map((match) => match[1]!);

  it('drops every font-family, keeps sizes and weights, and warns', async () => {
    const { svg, removed } = cleanSvg(withFonts, 'schema.svg');
    expect(svg).not.toMatch(SYSTEM_FONTS);
    expect(svg).not.toContain('font-family');
    expect(svg).not.toContain('@font-face');
    expect(svg).toContain('font: italic bold 6px/1.2 serif');
    expect(svg).toContain('font-size: 4px');
    expect(svg).toContain('.x:hover {');
    expect(removed).toEqual([
      'CSS @font-face',
      'font-family DejaVu Sans / sans-serif / DejaVu Serif / serif / caption / Liberation Mono / Arial / Times (the text is set in the default font)',
    ]);
    await expectDrawable(svg);
    expect(cleanSvg(svg, 'schema.svg').removed).toEqual([]);
  });

  it("sets the text in the zine's body font, whose faces go inside the drawing", async () => {
    const { svg, removed, fontChars } = await cleanSvgWithImages(withFonts, 'schema.svg', { font });
    expect(svg).not.toMatch(SYSTEM_FONTS);
    expect(new Set(namedFonts(svg).map((value) => value.replace(/^.*\dpx(\/[\d.]+)? /, '').replace(' !important', '')))).toEqual(
      new Set(["'Source Serif 4', serif", "'Source Serif 4'"]),
    );
    const style = `<style>${font.faces}\n* { font-family: 'Source Serif 4', serif !important; }</style>`;
    expect(svg.startsWith(open + style)).toBe(true);
    expect(fontChars).toBe(style.length);
    expect(removed.at(-1)).toMatch(/^font-family DejaVu Sans .* \(the text is set in the zine's body font\)$/);
    // A drawing without text gets no font.
    expect(cleanSvg(wrap('<rect width="1" height="1"/>'), 'a.svg', { font })).toEqual({ svg: wrap('<rect width="1" height="1"/>'), removed: [] });
  });

  it('drawingFont takes --font-body and its @font-face rules from the zine\'s styles', () => {
    const css =
      "/* --font-body: 'Nope' */ @font-face { font-family: 'Source Serif 4'; font-weight: 400; src: url(data:font/woff2;base64,AA==) }\n" +
      "@font-face { font-family: 'Archivo'; src: url(data:font/woff2;base64,BB==) }\n" +
      ":root { --font-body: 'Old'; }\n:root { --font-body: 'Source Serif 4', serif; --font-display: 'Archivo' }";
    expect(drawingFont(css)).toEqual({
      family: "'Source Serif 4', serif",
      faces: "@font-face { font-family: 'Source Serif 4'; font-weight: 400; src: url(data:font/woff2;base64,AA==) }",
    });
    expect(drawingFont(':root { --font-body: Georgia, serif }')).toBeUndefined();
  });
});
