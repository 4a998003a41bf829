import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'markdown');

describe('markdownToHtml golden fixtures', () => {
  for (const name of readdirSync(fixtures)) {
    it(name, async () => {
      const input = readFileSync(join(fixtures, name, 'input.md'), 'utf8');
      const { html } = await markdownToHtml(input, { lang: 'fr', path: 'input.md' });
      await expect(html).toMatchFileSnapshot(join(fixtures, name, 'output.html'));
    });
  }
});

describe('markdownToHtml', () => {
  it('collects headings with unique ids and source lines', async () => {
    const input = readFileSync(join(fixtures, 'headings-and-lists', 'input.md'), 'utf8');
    const { headings } = await markdownToHtml(input, { lang: 'fr' });
    expect(headings).toEqual([
      { depth: 1, id: 's-avant-de-commencer', text: 'Avant de commencer', line: 1 },
      { depth: 2, id: 's-assurer-un-minimum-de-securite', text: 'Assurer un minimum de sécurité', line: 3 },
      { depth: 1, id: 's-avant-de-commencer-2', text: 'Avant de commencer', line: 10 },
    ]);
  });

  it('sanitizes raw HTML: no script, no event handler, no remote image', async () => {
    const input = readFileSync(join(fixtures, 'raw-html-sanitized', 'input.md'), 'utf8');
    const { html, messages } = await markdownToHtml(input, { lang: 'fr' });
    expect(html).not.toMatch(/<script|onerror|onclick|127\.0\.0\.1|<iframe|style=|src=/);
    expect(messages.find((message) => message.fatal)?.line).toBe(5);
  });

  it('marks blocks with the Markdown line they come from', async () => {
    const { html } = await markdownToHtml('\n\nUn paragraphe.\n\n- un\n- deux\n', { lang: 'fr' });
    expect(html).toContain('<p data-line="3">');
    expect(html).toContain('<li data-line="6">');
  });
});
