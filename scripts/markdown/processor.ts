// Markdown → HTML fragment: the unified pipeline every zine goes through.
import type { Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import rehypeHeadingIds, { type Heading } from './rehype-heading-ids.ts';
import rehypeSourceLines from './rehype-source-lines.ts';

/** What the Markdown stage hands to the template. */
export interface MarkdownResult {
  html: string;
  headings: Heading[];
  /** Warnings with positions, printed by the build's reporter. */
  messages: VFileMessage[];
}

export interface MarkdownOptions {
  lang: string;
  /** Path shown in messages. */
  path?: string;
  /** Prefix for heading ids (the back cover uses its own). */
  idPrefix?: string;
}

/** Build the unified processor for one language. */
export function createProcessor({ idPrefix }: { lang: string; idPrefix?: string }) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkDirective)
    // Raw HTML is dropped here (no allowDangerousHtml): content never injects markup.
    .use(remarkRehype)
    .use(rehypeHeadingIds, { prefix: idPrefix })
    .use(rehypeSourceLines)
    .use(rehypeStringify);
}

/** Convert a zine's Markdown body to an HTML fragment. */
export function markdownToHtml(markdown: string, options: MarkdownOptions): MarkdownResult {
  const file = new VFile({ value: markdown, path: options.path });
  const processor = createProcessor(options);
  const tree = processor.runSync(processor.parse(file), file) as Root;
  const html = processor.stringify(tree, file);
  return { html, headings: file.data.headings ?? [], messages: file.messages };
}
