// Refuse Markdown nested deeper than any page can show, before it costs minutes
// or the stack: micromark slows down with the cube of a list's nesting
// (1,000 levels: 47 s), and 1,000 nested lists overflow hast-util-to-html's stack.
import type { Node, Parent, Root } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

export interface Options {
  /** Deepest allowed nesting of Markdown nodes (a list level is two: list and item). */
  maxDepth?: number;
  /** Longest allowed run of indentation, ">" and list markers at the start of a line. */
  maxPrefix?: number;
}

const hint = 'flatten it: a printed page cannot show more than a few levels of nesting';

/** Line (1-based) of the first line whose nesting prefix is longer than `maxPrefix`. */
export function findDeepPrefix(markdown: string, maxPrefix: number): number | undefined {
  const prefix = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;
  const lines = markdown.split('\n');
  const index = lines.findIndex((line) => line.length > maxPrefix && prefix.exec(line)![0].length > maxPrefix);
  return index === -1 ? undefined : index + 1;
}

/**
 * remark plugin: a fatal message, thrown to stop the pipeline, at the line where
 * nesting goes too deep: checked on the text before parsing, then on the tree.
 */
export default function remarkDepthLimit(this: Processor, { maxDepth = 100, maxPrefix = 200 }: Options = {}) {
  const fail = (file: VFile, place: Node | { line: number; column: number } | undefined, reason: string): never => {
    const problem = file.message(reason, place as Node, 'zinepress:depth');
    problem.fatal = true;
    problem.note = hint;
    throw problem;
  };
  const parse = this.parser;
  if (parse) {
    this.parser = (document, file) => {
      const line = findDeepPrefix(document, maxPrefix);
      if (line !== undefined) fail(file, { line, column: 1 }, `the Markdown is nested too deeply here: the line starts with more than ${maxPrefix} characters of indentation, ">" or list markers`);
      return parse(document, file);
    };
  }
  return (tree: Root, file: VFile) => {
    // Iterative walk: a recursive one would overflow on the very input it guards against.
    const stack: [Node, number][] = [[tree, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > maxDepth) fail(file, node, `the Markdown is nested too deeply here: more than ${maxDepth} elements inside each other (lists, quotes, emphasis)`);
      const children = (node as Partial<Parent>).children;
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
    }
  };
}
