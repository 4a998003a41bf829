import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';

type Transformer<Tree> = (tree: Tree, file: VFile) => void;

/** Plugins to add around the fixed test pipeline. */
export type Plugins = {
  remark?: Array<() => Transformer<MdastRoot>>;
  rehype?: Array<() => Transformer<HastRoot>>;
};

/** Runs Markdown through remark-parse → remark-gfm → remark-directive → [remark] → remark-rehype → [rehype] → rehype-stringify. */
export function render(markdown: string, { remark = [], rehype = [] }: Plugins = {}): { html: string; file: VFile ;} {
  let processor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective) as any;
  for (const plugin of remark) processor = processor.use(plugin);
  processor = processor.use(remarkRehype);
  for (const plugin of rehype) processor = processor.use(plugin);
  processor = processor.use(rehypeStringify);
  const file = new VFile({ value: markdown, path: 'input.md' });
  const html = String(processor.processSync(file)).trim();
  return { html, file };
}
