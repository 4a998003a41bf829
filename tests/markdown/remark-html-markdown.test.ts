// Pages exported from Grav and kramdown sites: HTML that asks for Markdown
// inside (markdown="1"), HTML indented with tabs and cut by a blank line, Markdown
// right after a closing tag, and &nbsp; spacers.
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const md = async (markdown: string) => {
  const { html, messages } = await markdownToHtml(markdown, { lang: 'en', path: 'index.md', loadImage: async () => 'data:image/png;base64,AA==' });
  return { html: html.replaceAll('\u00AD', ''), messages };
};

describe('remarkHtmlMarkdown', () => {
  it('reads the inside of <div markdown="1"> as Markdown: headings, not hashes, at their lines', async () => {
    const { html, messages } = await md('Before.\n\n<div class="big" markdown="1"># Keep the phone locked</div>\n\n<div class="mid" markdown="1">## 1. Set a code</div>\nA **short** code is better than none.\n');
    expect(html).toBe(
      '<p data-line="1">Before.</p>\n<h1 id="s-keep-the-phone-locked" data-line="3">Keep the phone locked</h1>\n<h2 id="s-1-set-a-code" data-line="5">1. Set a code</h2>\n<p data-line="6">A <strong>short</strong> code is better than none.</p>',
    );
    expect(html).not.toContain('#');
    expect(messages).toEqual([]);
  });

  it('takes "##8. Title" in a wrapper for a heading, as Grav does', async () => {
    const { html } = await md('<div class="mid" markdown="1">##8. Add a lock to apps</div>\n\nText.\n');
    expect(html).toMatch(/^<h2 id="s-8-add-a-lock-to-apps" data-line="1">8\. Add a lock to apps<\/h2>/);
  });

  it('takes a wrapper cut by a blank line, and one inside other HTML, dropping its lone closing tag', async () => {
    const { html, messages } = await md('<div markdown="1">\n## Spread out\n\nIts text.\n</div>\n\n<div class="a">\n  <p>Kept.</p>\n</div>\n<div markdown="block">## Inside</div>\n');
    expect(html).toContain('<h2 id="s-spread-out" data-line="2">Spread out</h2>\n<p data-line="4">Its text.</p>');
    expect(html).toContain('<h2 id="s-inside" data-line="10">Inside</h2>');
    expect(html).not.toMatch(/<\/div>\s*$|##/);
    expect(messages).toEqual([]);
  });

  it('keeps HTML cut by a blank line as HTML, never a code block of markup', async () => {
    const { html, messages } = await md('<div class="outer">\n        \n\t\t\t<div class="inner">\n\t\t\t  <span class="icon"><i class="fa fa-check"></i></span> <span>Turn the lock on.</span>\n\t\t</div>\n\t</div>\n\n    <b>code</b> stays code after a paragraph\n');
    expect(html).not.toContain('&#x3C;div');
    expect(html).toContain('Turn the lock on.');
    expect(messages.map((m) => [m.line, m.reason])).toEqual([[4, 'removed class="fa fa-check" from <i>: raw HTML may not load, run or style anything']]);
    const code = await md('A paragraph.\n\n    <div>shown as code</div>\n');
    expect(code.html).toContain('<pre');
  });

  it('reads Markdown that follows a closing tag with no blank line, and drops &nbsp; spacers', async () => {
    const { html } = await md('<div class="box">\n  <span>A note.</span>\n</div>\n![A lock screen](images/lock.png)\n&nbsp;\n\nAfter.\n\n&nbsp;\n');
    expect(html).toMatch(/<figure data-line="4"><img src="data:image\/png;base64,AA==" alt="A lock screen" data-line="4"><figcaption>A lock screen<\/figcaption><\/figure>/);
    expect(html).not.toContain('![');
    expect(html).not.toMatch(/<p[^>]*>[\s\u00A0]*<\/p>/);
    expect(html).toContain('<p data-line="7">After.</p>');
  });
});
