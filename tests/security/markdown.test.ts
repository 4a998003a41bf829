// The Markdown stage on hostile input: raw HTML is sanitized with a warning at
// its line, links follow the policy, and no input of any shape gets a script,
// a handler, a frame or a javascript: URL into the HTML.
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const md = (markdown: string) => markdownToHtml(markdown, { lang: 'en', path: 'index.md' });

type Parse5Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Parse5Node[]; content?: Parse5Node };

/** Every element of the HTML, read back by parse5 (what a browser would build). */
function elements(html: string): Parse5Node[] {
  const found: Parse5Node[] = [];
  const walk = (node: Parse5Node) => {
    if (node.attrs) found.push(node);
    for (const child of [...(node.childNodes ?? []), ...(node.content ? [node.content] : [])]) walk(child);
  };
  walk(parseFragment(html) as unknown as Parse5Node);
  return found;
}

/** What must never come out of the Markdown stage, whatever goes in. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  if (/<(script|iframe|object|embed|style|link|meta|base|form|svg|math)\b/i.test(html)) problems.push('element');
  for (const element of elements(html)) {
    if (['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'button', 'svg', 'math'].includes(element.nodeName)) problems.push(element.nodeName);
    for (const { name, value } of element.attrs ?? []) {
      if (/^on/i.test(name) || name === 'style' || name === 'srcset') problems.push(`${element.nodeName}[${name}]`);
      // What a browser does with a URL: control characters and spaces go, case does not count.
      if (['href', 'src', 'action', 'data', 'poster', 'xlink:href'].includes(name) && /^(javascript|vbscript|data|file):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) {
        problems.push(`${element.nodeName}[${name}=${value}]`);
      }
    }
  }
  return problems;
}

describe('raw HTML', () => {
  it('keeps what print needs: figures, tables with caption and colgroup, abbr, sub/sup, mark, kbd, dl, br, hr', async () => {
    const { html, messages } = await md(
      '<figure><table><caption>C</caption><colgroup><col span="2"></colgroup><tr><th>a</th><td>b</td></tr></table><figcaption>F</figcaption></figure>\n\n' +
        '<p><abbr title="Secours Rouge">SR</abbr> H<sub>2</sub>O x<sup>2</sup> <mark>m</mark> <small>s</small> <kbd>k</kbd><br>after</p>\n\n<dl><dt>t</dt><dd>d</dd></dl>\n\n<hr>\n',
    );
    for (const tag of ['<figure', '<caption>', '<col span="2">', '<figcaption>', '<abbr title="Secours Rouge">', '<sub>', '<sup>', '<mark>', '<small>', '<kbd>', '<br>', '<dl>', '<dt>', '<dd>', '<hr>']) {
      expect(html).toContain(tag);
    }
    expect(messages).toEqual([]);
  });

  it('keeps GFM tables with their alignment, and heading ids unprefixed', async () => {
    const { html, headings } = await md('# Useful links\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n<h2 id="spoof">Raw heading</h2>\n');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
    expect(headings.map((h) => h.id)).toEqual(['s-useful-links', 's-raw-heading']);
    expect(html).not.toContain('user-content-');
  });

  it('warns at the line of each removed element, attribute and URL', async () => {
    const { messages } = await md('Text.\n\n<script>alert(1)</script>\n\n<p style="color: red" onclick="x()">p</p>\n\n<a href="https://example.org/" ping="http://t/">l</a>\n');
    const reported = messages.map((message) => `${message.line}: ${message.reason}`);
    expect(reported).toContainEqual(expect.stringMatching(/^3: removed <script> and its content/));
    expect(reported).toContainEqual(expect.stringMatching(/^5: removed style="color: red" from <p>/));
    expect(reported).toContainEqual(expect.stringMatching(/^5: removed onclick="x\(\)" from <p>/));
    expect(reported).toContainEqual(expect.stringMatching(/^7: removed ping="http:\/\/t\/" from <a>/));
    expect(messages.every((message) => !message.fatal)).toBe(true);
  });

  it('sends raw <img> through the image loader, after sanitizing', async () => {
    const seen: string[] = [];
    const { html } = await markdownToHtml('<img src="images/a.png" onerror="x()" alt="A">\n', {
      lang: 'en',
      loadImage: async (src) => (seen.push(src), 'data:image/png;base64,AAAA'),
    });
    expect(seen).toEqual(['images/a.png']);
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).not.toContain('onerror');
  });
});

describe('links', () => {
  it('keeps http, https and mailto links', async () => {
    const { html, messages } = await md('[a](https://example.org/) [b](HTTP://example.org/) <x@example.org> <a href="mailto:y@example.org">y</a>\n');
    expect(html).toContain('href="https://example.org/"');
    expect(html).toContain('href="http://example.org/"');
    expect(html).toContain('href="mailto:x@example.org"');
    expect(html).toContain('href="mailto:y@example.org"');
    expect(messages).toEqual([]);
  });

  it('rewrites #slug to the heading id, keeps #s-slug, and refuses an unknown section at its line', async () => {
    const { html, messages } = await md('# Useful links\n\n[a](#useful-links) [b](#s-useful-links) [c](#Useful-Links)\n\n[d](#nowhere)\n');
    expect(html.match(/href="#s-useful-links"/g)).toHaveLength(3);
    const fatal = messages.filter((message) => message.fatal);
    expect(fatal.map((message) => [message.line, message.reason])).toEqual([[5, 'the link "#nowhere" goes to no section of the zine']]);
    expect(fatal[0]!.note).toMatch(/#useful-links/);
  });

  for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', 'C:\\Users\\me\\notes.txt', '']) {
    it(`refuses <a href="${href}"> with a fatal message and removes the href`, async () => {
      const { html, messages } = await md(`Text.\n\n<a href="${href}">x</a> and [y](${href || '<>'})\n`);
      const fatal = messages.filter((message) => message.fatal);
      expect(fatal.length).toBeGreaterThanOrEqual(1);
      expect(fatal.every((message) => message.line === 3 && /web address|local files|script/.test(message.reason) && message.note)).toBe(true);
      expect(html).not.toMatch(/<a href/);
    });
  }

  // A relative link cannot open a file from the PDF any more: with no base it loses its link, with one it becomes a web address.
  for (const href of ['/etc/passwd', 'notes.pdf', '../x.html', '//example.org/x']) {
    it(`unlinks <a href="${href}"> with a warning, or refuses it with strictLinks`, async () => {
      const markdown = `Text.\n\n<a href="${href}">x</a> and [y](${href})\n`;
      const lenient = await md(markdown);
      expect(lenient.messages).toHaveLength(2);
      expect(lenient.messages.every((message) => !message.fatal && message.line === 3 && /cannot follow/.test(message.reason) && /base:/.test(String(message.note)))).toBe(true);
      expect(lenient.html).not.toMatch(/<a[ >]/);
      expect(lenient.html).toContain('>x and y</p>');
      const strict = await markdownToHtml(markdown, { lang: 'en', path: 'index.md', strictLinks: true });
      expect(strict.messages.filter((message) => message.fatal && message.line === 3 && message.note)).toHaveLength(2);
      expect(strict.html).not.toMatch(/<a href/);
    });
  }

  it('resolves relative links against the base, to web addresses only', async () => {
    const { html, messages } = await markdownToHtml('[a](/etc/passwd) [b](../x.html) [c](//example.org/x) [d](//192.168.1.1/admin)\n', { lang: 'en', path: 'index.md', base: 'https://guide.example/fr/page.html' });
    expect(html).toContain('href="https://guide.example/etc/passwd"');
    expect(html).toContain('href="https://guide.example/x.html"');
    expect(html).toContain('href="https://example.org/x"');
    expect(messages.map((message) => [message.fatal, message.reason])).toEqual([[true, expect.stringMatching(/"https:\/\/192\.168\.1\.1\/admin" goes to this machine or a private network/)]]);
    expect(html).not.toMatch(/href="(?!https:)/);
  });
});

describe('links to this machine or a private network', () => {
  for (const href of ['http://192.168.1.1/', 'http://127.0.0.1:8080/admin', 'https://localhost/', 'http://10.0.0.2', 'http://172.20.1.1/x', 'http://user@192.168.0.10/']) {
    it(`refuses ${href} at its line, saying to write it as text`, async () => {
      const { html, messages } = await md(`Text.\n\nOpen <${href}> or [the box](${href}).\n`);
      const fatal = messages.filter((message) => message.fatal);
      expect(fatal.length).toBe(2);
      expect(fatal.every((message) => message.line === 3 && /private network/.test(message.reason) && /as text or code/.test(String(message.note)))).toBe(true);
      expect(html).not.toMatch(/<a href/);
    });
  }

  it('keeps web addresses that only look alike', async () => {
    const { html, messages } = await md('See <https://10.example.org/> and [x](https://www.192.168.example/).\n');
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(html).toMatch(/href="https:\/\/10\.example\.org\/"/);
  });
});

describe('any input (property)', () => {
  const fragments = [
    '<script>', '</script>', '<img onerror=', '<img src=x onerror=alert(1)>', 'javascript:', '<iframe', '<style>', '</style>', '](', '[x](', ')',
    '<svg onload=', '<a href="', '">', '"', "'", '<', '>', ' ', '\n', '\n\n', '#', 'java\tscript:', '&#106;avascript:', '<object data=', '<embed src=',
    '<math><mi xlink:href=', '<!--', '-->', '<![CDATA[', '<base href=', '<link rel=stylesheet href=', '<meta http-equiv=refresh content=', 'style="', 'url(',
    '<form action=', '<input', '<button>', '`', '```', '<div>', '</div>', '<p ', 'on', 'load=', 'x', '![a](', '<noscript>', '<template>', '<textarea>',
  ];
  const hostile = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 5 })), { maxLength: 40 }).map((parts) => parts.join(''));

  it('never throws and never lets a script, a handler, a frame or a javascript: URL through', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), hostile), async (input) => {
        const { html } = await md(input);
        expect(unsafeParts(html)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with a base address too: relative links resolve to web addresses, never to files or scripts', async () => {
    const links = fc.array(fc.oneof(fc.constantFrom(...fragments, '/', '../', '//', './', '?', 'file:', '\\', '.md#x', '!!! note "', '\n    ', '{{< ', ' >}}', '{: .x }'), fc.string({ maxLength: 5 })), { maxLength: 40 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), hostile, links), async (input) => {
        const { html } = await markdownToHtml(input, { lang: 'en', path: 'index.md', base: 'https://guide.example/a/b.html' });
        expect(unsafeParts(html)).toEqual([]);
        for (const element of elements(html)) {
          for (const { name, value } of element.attrs ?? []) if (name === 'href') expect(value).toMatch(/^(https:\/\/|http:\/\/|mailto:|#)/i);
        }
      }),
      { numRuns: 300 },
    );
  });
});
