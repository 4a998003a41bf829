// Other tools' markup that would print as written: a warning at its line that says what it is and what to do.
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';

const warnings = async (markdown: string) => (await markdownToHtml(markdown, { lang: 'en', path: 'index.md' })).messages.map((m) => [m.fatal ?? false, m.line, m.reason, m.note]);

describe('remarkForeignMarkup', () => {
  it('warns at an MkDocs content tab, naming the section to write instead', async () => {
    expect(await warnings('Intro.\n\n=== "Android"\n\n    Install Signal.\n\n=== "iOS"\n\n    Install it too.\n')).toEqual([
      [false, 3, 'MkDocs content tab `=== "Android"` would print as written, and the text indented under it as code', "remove the === line and unindent its text, or write the tab's content as a section (## Android)"],
      [false, 7, 'MkDocs content tab `=== "iOS"` would print as written, and the text indented under it as code', "remove the === line and unindent its text, or write the tab's content as a section (## iOS)"],
    ]);
  });

  it('warns at an MkDocs snippet include, naming the file to paste', async () => {
    expect(await warnings('Text.\n\n--8<-- "includes/abbreviations.fr.txt"\n\nMore: --8<-- "mid.txt" in a sentence.\n\n--8<--\na.md\n--8<--\n')).toEqual([
      [false, 3, 'MkDocs snippet `--8<-- "includes/abbreviations.fr.txt"` would print as written: the file it names is not included', 'paste the text of includes/abbreviations.fr.txt here, or remove the line'],
      [false, 7, 'MkDocs snippet `--8<--` would print as written: the file it names is not included', 'paste the text of the files it lists here, or remove its lines'],
      [false, 9, 'MkDocs snippet `--8<--` would print as written: the file it names is not included', 'paste the text of the files it lists here, or remove its lines'],
    ]);
  });

  it('warns at attribute lists, on links, paragraphs and headings', async () => {
    expect(await warnings('[Download](https://signal.org/){ .md-button }\n\nA paragraph.\n{: .lead }\n\n## Title {#custom-id}\n')).toEqual([
      [false, 1, 'attribute list `{ .md-button }` (MkDocs, kramdown, Pandoc) would print as written', 'remove it: the zine gives every element of a kind the same look'],
      [false, 4, 'attribute list `{: .lead }` (MkDocs, kramdown, Pandoc) would print as written', 'remove it: the zine gives every element of a kind the same look'],
      [false, 6, 'attribute list `{#custom-id}` (MkDocs, kramdown, Pandoc) would print as written', 'remove it: the zine gives every element of a kind the same look'],
    ]);
  });

  it('warns at Hugo shortcodes of both kinds', async () => {
    const found = await warnings('Watch {{< youtube abc >}} here.\n\n{{% notice tip %}}\nText.\n{{% /notice %}}\n');
    expect(found.map(([, line, reason]) => [line, reason])).toEqual([
      [1, 'Hugo shortcode `{{< youtube abc >}}` would print as written'],
      [3, 'Hugo shortcode `{{% notice tip %}}` would print as written'],
      [5, 'Hugo shortcode `{{% /notice %}}` would print as written'],
    ]);
    expect(found[0]![3]).toBe('remove it, or write what it shows in Markdown: a link, an image, a :::astuce box');
  });

  it('warns at a shortcode inside raw HTML too, such as a list of pages in <details>', async () => {
    const found = await warnings('## Sections\n<details open>\n<summary>All of them</summary>\n{{% children /%}}\n</details>\n');
    expect(found.filter(([, , reason]) => String(reason).startsWith('Hugo')).map(([, line, reason]) => [line, reason])).toEqual([[4, 'Hugo shortcode `{{% children /%}}` would print as written']]);
  });

  it('leaves braces in prose and code alone, and prints the text as written', async () => {
    expect(await warnings('A set {a=1, b=2}, a {word}, `{ .md-button }` and `{{< x >}}`.\n\n```\n=== "Tab"\n{: .x }\n```\n')).toEqual([]);
    const { html } = await markdownToHtml('Press {{< kbd Enter >}}.\n', { lang: 'en' });
    expect(html).toContain('Press {{&#x3C; kbd Enter >}}.');
  });
});
