// What HTML may reach the page: what print needs, and nothing that loads,
// runs or styles. rehype-sanitize applies it; rehype-report-unsafe reads the
// same object to say what was removed. It sees the whole tree, so it also keeps
// what our own Markdown plugins make (callouts, GFM tables, task lists, footnotes).
import type { Options as Schema } from 'rehype-sanitize';

// Classes of the template and of Paged.js: raw HTML must not pass for a cover or
// a Paged.js page (the layout checks find pages by these names).
const ownClass = /^(?!pagedjs|cover|back-|contents|colophon|depth-)[a-z][\w-]*$/i;

/** The sanitize schema of every zine (rehype-sanitize / hast-util-sanitize format). */
export const sanitizeSchema: Schema = {
  tagNames: [
    'a', 'abbr', 'aside', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup',
    'dd', 'del', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'mark',
    'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong',
    'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var', 'wbr',
  ],
  // Removed with everything inside them (other unknown elements keep their text).
  strip: [
    'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'svg', 'math', 'video', 'audio', 'canvas', 'map', 'head', 'title', 'textarea', 'select', 'button', 'datalist',
  ],
  attributes: {
    // No style attribute anywhere: the look comes from styles/, and CSS can load
    // (url(), image-set(), @import through escapes) in more ways than a filter can follow.
    '*': ['dir', 'lang', 'title'],
    a: ['href', 'ariaDescribedBy', 'ariaLabel', 'dataFootnoteRef', 'dataFootnoteBackref', ['className', 'data-footnote-backref'], ['id', /^user-content-fnref-/]],
    abbr: ['title'],
    aside: [['className', 'callout', 'callout-attention', 'callout-astuce']],
    code: [['className', /^language-[\w-]+$/]],
    col: ['span'],
    colgroup: ['span'],
    div: [['className', ownClass]],
    // GFM footnotes: the label heading and its ids, made by remark-rehype.
    h2: [['className', 'sr-only'], ['id', 'footnote-label']],
    // src goes on to the image loader, which accepts only files of the zine folder.
    img: ['src', 'alt', 'title', 'width', 'height'],
    // GFM task lists: a disabled checkbox, never inside a form (there are none).
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    li: [['className', 'task-list-item'], ['id', /^user-content-fn-/]],
    ol: ['start', 'reversed', ['className', 'contains-task-list']],
    p: [['className', 'callout-title']],
    section: ['dataFootnotes', ['className', 'footnotes']],
    span: [['className', ownClass]],
    td: ['align', 'colSpan', 'rowSpan'],
    th: ['align', 'colSpan', 'rowSpan', 'scope'],
    ul: [['className', 'contains-task-list']],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  ancestors: {
    input: ['li'],
    tbody: ['table'], td: ['table'], th: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'],
    caption: ['table'], col: ['table'], colgroup: ['table'],
  },
  // Links may go to the web, to an e-mail address or to a section; images are
  // checked by the loader (a relative path in the zine folder).
  protocols: { href: ['http', 'https', 'mailto'] },
  // Ids are kept as written (only footnote ids pass); heading ids are set after sanitizing.
  clobber: [],
  clobberPrefix: '',
  allowComments: false,
  allowDoctypes: false,
};
