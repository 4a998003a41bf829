// Markdown → HTML fragment: the unified pipeline every zine goes through.
import type { Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import rehypeBreakPoints from './rehype-break-points.ts';
import rehypeFigures from './rehype-figures.ts';
import rehypeFrenchSpacing from './rehype-french-spacing.ts';
import rehypeHyphenate from './rehype-hyphenate.ts';
import rehypePrintLinks from './rehype-print-links.ts';
import remarkCallouts from './remark-callouts.ts';
import remarkDepthLimit from './remark-depth-limit.ts';
import remarkForeignMarkup from './remark-foreign-markup.ts';
import remarkHtmlMarkdown from './remark-html-markdown.ts';
import remarkMkdocsAdmonitions from './remark-mkdocs-admonitions.ts';
import rehypeHeadingIds, { rehypeHeadingTexts, type Heading } from './rehype-heading-ids.ts';
import rehypeLinkPolicy from './rehype-link-policy.ts';
import rehypeLinkTargets from './rehype-link-targets.ts';
import rehypeLocalImages from './rehype-local-images.ts';
import rehypeReportUnsafe from './rehype-report-unsafe.ts';
import rehypeSourceLines from './rehype-source-lines.ts';
import { sanitizeSchema } from './sanitize-schema.ts';

/** What the Markdown stage hands to the template. */
export interface MarkdownResult {
  html: string;
  headings: Heading[];
  /** Each heading's text as printed, by id: the contents page and the bookmarks show it. */
  headingTexts: Record<string, string>;
  /** Warnings and errors (fatal: true) with positions, printed by the build's reporter. */
  messages: VFileMessage[];
}

export interface MarkdownOptions {
  lang: string;
  /** Path shown in messages. */
  path?: string;
  /** Prefix for heading ids (the back cover uses its own). */
  idPrefix?: string;
  /** Resolve and clean an image (`line`: where the text names it); without it every image is refused. */
  loadImage?: (src: string, line?: number) => Promise<string>;
  /** Web address relative links resolve against; without it they are unlinked, with a warning. */
  base?: string;
  /** Links a shared PDF cannot follow are errors, not warnings. Default false. */
  strictLinks?: boolean;
  /**
   * Called with the Markdown's tree as read (MkDocs admonitions and markdown="1" HTML
   * read as Markdown, as translation/markdown.ts reads them), before the plugins
   * below change it: a translation's checks take its landmarks from it instead of
   * parsing the text again.
   */
  onRead?: (tree: MdastRoot) => void;
}

const noImages = async () => {
  throw Object.assign(new Error('images are not allowed here'), { hint: 'remove the image' });
};

/** remark plugin: the tree as it stands, to `onRead`, unchanged. */
function remarkOnRead({ onRead }: Pick<MarkdownOptions, 'onRead'>) {
  return (tree: MdastRoot): undefined => {
    onRead?.(tree);
  };
}

/** Build the unified processor for one language. */
export function createProcessor({ lang, idPrefix, loadImage = noImages, base, strictLinks = false, onRead }: MarkdownOptions) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkDirective)
    // Before the depth limit, so that it also sees the admonitions' bodies, which are parsed again.
    .use(remarkMkdocsAdmonitions)
    // HTML that asks for Markdown inside (markdown="1") is read as Markdown.
    .use(remarkHtmlMarkdown)
    .use(remarkOnRead, { onRead })
    // Deeper nesting would overflow the stack of the stages below.
    .use(remarkDepthLimit)
    .use(remarkForeignMarkup)
    .use(remarkCallouts, { lang })
    // Raw HTML is parsed into the tree, then sanitized: what print needs stays,
    // what could load, run or style goes, each removal a warning at its line.
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    // Before sanitizing, so a javascript: or file link is an error, not a silent removal.
    .use(rehypeLinkPolicy, { base, strict: strictLinks })
    .use(rehypeReportUnsafe, { schema: sanitizeSchema })
    .use(rehypeSanitize, sanitizeSchema)
    // After sanitizing: raw <img> goes through the same loader, and data: URLs are ours.
    .use(rehypeLocalImages, { load: loadImage })
    .use(rehypeFigures)
    // Ids come from the text as written, before typography changes it; after
    // sanitizing, so they are never prefixed or removed.
    .use(rehypeHeadingIds, { prefix: idPrefix })
    .use(rehypeLinkTargets, { prefix: idPrefix })
    .use(rehypePrintLinks)
    .use(rehypeFrenchSpacing, { lang })
    // The contents page and the bookmarks print headings as the body does.
    .use(rehypeHeadingTexts)
    // Last, so soft hyphens never get in the way of the other plugins.
    .use(rehypeHyphenate, { lang })
    // Where addresses and code may break: after the typography, which reads them whole.
    .use(rehypeBreakPoints)
    .use(rehypeSourceLines)
    .use(rehypeStringify);
}

/** Convert a zine's Markdown body to an HTML fragment. */
export async function markdownToHtml(markdown: string, options: MarkdownOptions): Promise<MarkdownResult> {
  const file = new VFile({ value: markdown, path: options.path });
  const processor = createProcessor(options);
  try {
    const tree = (await processor.run(processor.parse(file), file)) as Root;
    const html = processor.stringify(tree, file);
    return { html, headings: file.data.headings ?? [], headingTexts: file.data.headingTexts ?? {}, messages: file.messages };
  } catch (error) {
    // Never a stack trace for content: whatever stopped the pipeline becomes a fatal message.
    if (!file.messages.includes(error as VFileMessage)) {
      const stackOverflow = error instanceof RangeError && /call stack/i.test(error.message);
      const problem = file.message(stackOverflow ? 'the Markdown is nested too deeply to convert (lists, quotes, emphasis or HTML inside each other)' : `could not convert the Markdown: ${(error as Error).message}`, undefined, 'zinepress:pipeline');
      problem.fatal = true;
      problem.note = stackOverflow ? 'flatten the nesting' : 'this is probably a zinepress bug: report it with the zine';
    }
    return { html: '', headings: [], headingTexts: {}, messages: file.messages };
  }
}
