// Fill templates/zine.html; the fonts of fonts.css inlined as data: URLs.
// Inline styles and data: fonts mean the browser never reads a file: see render/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Values for the template: strings are escaped unless placed with {{{ }}}. */
export type TemplateValues = Record<string, string | undefined>;

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** Replace {{#x}}…{{/x}} sections, then {{{x}}} and {{x}}; an unknown name is an error. */
export function fillTemplate(template: string, values: TemplateValues): string {
  const sectioned = template.replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_, name: string, inner: string) =>
    values[name] ? inner : '',
  );
  return sectioned
    .replace(/<!--[\s\S]*?-->\n?/, '')
    .replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_, raw?: string, text?: string) => {
      const name = (raw ?? text)!;
      if (!(name in values)) throw new Error(`templates/zine.html uses {{${name}}}, which the build does not provide`);
      const value = values[name] ?? '';
      return raw ? value : escapeHtml(value);
    });
}

const require = createRequire(import.meta.url);

/**
 * Inline `@import "<package>/<file>.css"` lines of fonts.css: keep the latin and
 * latin-ext faces and turn their files into data: URLs (woff2 only).
 */
export function inlineFontImports(css: string): string {
  return css.replace(/@import\s+(?:url\()?"([^"]+)"\)?\s*;/g, (_, spec: string) => {
    const cssPath = require.resolve(spec);
    const faces = readFileSync(cssPath, 'utf8').split(/(?=\/\* [\w-]+ \*\/\s*@font-face)/);
    return faces
      .filter((face) => /-latin(-ext)?-\d+-(normal|italic) \*\//.test(face))
      .map((face) =>
        face.replace(/src:[^;]+;/, (src) => {
          const woff2 = /url\((\.\/files\/[^)]+\.woff2)\)/.exec(src)?.[1];
          if (!woff2) throw new Error(`${cssPath}: no woff2 file in ${src}`);
          const data = readFileSync(join(dirname(cssPath), woff2)).toString('base64');
          return `src: url(data:font/woff2;base64,${data}) format('woff2');`;
        }),
      )
      .join('\n');
  });
}
