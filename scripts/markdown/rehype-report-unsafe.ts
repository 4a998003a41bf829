// Runs just before rehype-sanitize and says, at its Markdown line, what the
// sanitizer is about to remove: each element and attribute is run through the
// same schema on its own, so the report cannot disagree with the sanitizer.
import type { Element, ElementContent, Properties, Root } from 'hast';
import rehypeSanitize, { type Options as Schema } from 'rehype-sanitize';
import type { VFile } from 'vfile';

export interface Options {
  /** The schema given to rehype-sanitize. */
  schema: Schema;
}

const marker = '\u0000zinepress-marker\u0000';

/** rehype plugin: a warning for each element, attribute or URL the schema removes. */
export default function rehypeReportUnsafe({ schema }: Options) {
  const sanitize = rehypeSanitize(schema);
  const stripped = new Set(schema.strip ?? []);

  return (tree: Root, file: VFile) => {
    const why = 'raw HTML may not load, run or style anything';
    const walk = (children: Root['children'], ancestors: string[]) => {
      for (const node of children) {
        if (node.type !== 'element') continue;
        if (report(node, ancestors)) walk(node.children, [...ancestors, node.tagName]);
      }
    };
    walk(tree.children, []);

    /** Reports what goes from `node`; false when its content goes too. */
    function report(node: Element, ancestors: string[]): boolean {
      const kept = sanitizeAlone(node, ancestors);
      if (!kept) {
        const inside = node.children.length === 0 ? '' : stripped.has(node.tagName) ? ' and its content' : ' (its text is kept)';
        file.message(`removed ${describe(node)}${inside}: ${why}`, node, 'zinepress:unsafe-html');
        return !stripped.has(node.tagName);
      }
      for (const [key, value] of Object.entries(node.properties)) {
        const safe = kept.properties[key];
        const removed = safe === undefined ? values(value) : values(value).filter((item) => !values(safe).includes(item));
        if (removed.length === 0) continue;
        const shown = safe === undefined && typeof value === 'boolean' ? attributeName(key) : `${attributeName(key)}="${shorten(removed.join(' '))}"`;
        file.message(`removed ${shown} from <${node.tagName}>: ${why}`, node, 'zinepress:unsafe-html');
      }
      return true;
    }
  };

  /** The element as the sanitizer leaves it, with its ancestors' names around it; undefined when removed. */
  function sanitizeAlone(node: Element, ancestors: string[]): Element | undefined {
    let shell: Element = { type: 'element', tagName: node.tagName, properties: structuredClone(node.properties), children: [{ type: 'text', value: marker }] };
    // The sanitizer looks at ancestors only for the schema's `ancestors` rules (a <td> needs a <table>).
    const needed = new Set(schema.ancestors?.[node.tagName] ?? []);
    for (const tagName of new Set(ancestors.filter((name) => needed.has(name)))) shell = { type: 'element', tagName, properties: {}, children: [shell] };
    const result = sanitize({ type: 'root', children: [shell] }) as Root;
    const kept = parentOfMarker(result.children as ElementContent[]);
    return kept?.tagName === node.tagName ? kept : undefined;
  }
}

/** The element directly around the marker text, if the sanitizer kept one with the node's name. */
function parentOfMarker(children: ElementContent[], parent?: Element): Element | undefined {
  for (const child of children) {
    if (child.type === 'text' && child.value === marker) return parent;
    if (child.type === 'element') {
      const found = parentOfMarker(child.children, child);
      if (found) return found;
    }
  }
  return undefined;
}

function values(value: Properties[string]): string[] {
  if (value === null || value === undefined || value === false) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** `<iframe src="https://…">`: the tag with the attribute that says most about it. */
function describe(node: Element): string {
  const key = ['src', 'href', 'data', 'action', 'srcSet'].find((name) => node.properties[name] !== undefined);
  return key ? `<${node.tagName} ${attributeName(key)}="${shorten(String(node.properties[key]))}">` : `<${node.tagName}>`;
}

/** hast property name → HTML attribute name: className → class, onError → onerror, dataFoo → data-foo. */
function attributeName(key: string): string {
  if (key === 'className') return 'class';
  if (key === 'htmlFor') return 'for';
  if (/^(data|aria)[A-Z]/.test(key)) return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return key.toLowerCase();
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
