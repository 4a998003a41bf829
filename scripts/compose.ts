// The compose stage: a zine's sources → one HTML document ready for the browser.
// Front matter, Markdown, the back cover and every image are checked in one go:
// every problem comes back at its line, so one build reports them all.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { frontMatterSchema, type FrontMatter } from './config.ts';
import { problem } from './errors.ts';
import { cleanImage } from './images/clean.ts';
import { resolveImagePath } from './images/resolve.ts';
import type { DrawingFont } from './images/svg.ts';
import { languageName, WORD_LANGUAGES, wordsLanguage, type WordsLang } from './languages.ts';
import { readFrontMatter } from './markdown/frontmatter.ts';
import { markdownToHtml } from './markdown/processor.ts';
import { hasHyphenation } from './markdown/rehype-hyphenate.ts';
import type { ProjectSources, ZineSources } from './sources.ts';
import { escapeHtml, fillTemplate } from './template.ts';
import { imageMaxHeightMm, textWidthMm } from './trims.ts';

/** Words the template needs in the zine's language. */
const labels: Record<WordsLang, { contents: string; edition: string; fingerprint: string }> = {
  fr: { contents: 'Sommaire', edition: 'Édition', fingerprint: 'Empreinte des sources :' },
  en: { contents: 'Contents', edition: 'Edition', fingerprint: 'Source fingerprint:' },
  nl: { contents: 'Inhoud', edition: 'Editie', fingerprint: 'Vingerafdruk van de bronnen:' },
  // "Fuentes" alone would read as typefaces.
  es: { contents: 'Índice', edition: 'Edición', fingerprint: 'Huella de los archivos fuente:' },
  de: { contents: 'Inhalt', edition: 'Ausgabe', fingerprint: 'Fingerabdruck der Quelldateien:' },
};

/** An image as it went into the page, for the size-budget warning. */
export interface InlinedImage {
  src: string;
  bytes: number;
}

/** A zine ready to render, and what the checks and the manifest need to know of it. */
export interface ComposedZine {
  name: string;
  /** index.md as shown in messages. */
  indexPath: string;
  /** index.md as read and decoded, to find the line that asks for a refused address. */
  source: string;
  config: FrontMatter;
  html: string;
  fingerprint: string;
  images: InlinedImage[];
  /** The headings' text as written, to mend the bookmarks. */
  headings: string[];
}

/** A composed zine, or none when there are errors; `problems` holds every error and warning found. */
export interface Composition {
  zine?: ComposedZine;
  problems: VFileMessage[];
}

/** "2026-11-25" → "25 novembre 2026" in the zine's language (UTC, never the machine's zone). */
export function formatDate(isoDate: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "www.secoursrouge.org" from "https://www.secoursrouge.org/": what a reader types. */
export function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** Settings to check the Markdown with when the front matter has errors: its problems are reported with the text's. */
const fallbackConfig = (): FrontMatter => frontMatterSchema.parse({ title: '-', lang: 'en', edition: 1, date: '2000-01-01' }) as FrontMatter;

/** The 1-based line of a top-level front-matter key, if it is there. */
function keyLine(source: string, key: string): number | undefined {
  return source.split('\n').findIndex((line) => new RegExp(`^${key}\\s*:`).test(line)) + 1 || undefined;
}

/** The hyphenation plugin's own note on a language without patterns: the compose stage says it once, at `lang:`. */
function isHyphenationWarning(message: VFileMessage): boolean {
  return message.source === 'rehype-hyphenate' && message.ruleId === 'unknown-lang';
}

/** One warning for a language without template words, one for a language without hyphenation patterns. */
export function languageWarnings(lang: string, file: string, line?: number): VFileMessage[] {
  const name = `${languageName(lang)} ("${lang}")`;
  const warnings: VFileMessage[] = [];
  if (!wordsLanguage(lang)) {
    const reason = `zinepress has no words in ${name}: the cover, contents, callout titles and printing instructions are in English`;
    warnings.push(problem(reason, { file, line, fix: `write your own callout titles (:::attention[…]); zinepress has words in ${WORD_LANGUAGES.join(', ')}` }, { warning: true }));
  }
  if (!hasHyphenation(lang)) {
    warnings.push(problem(`no hyphenation patterns for ${name}: words are not broken at line ends`, { file, line, fix: 'nothing to do; long words may leave wider gaps between words' }, { warning: true }));
  }
  return warnings;
}

/** Compose one zine: front matter, Markdown, back cover and images, every problem collected. */
export async function composeZine(sources: ZineSources, project: ProjectSources): Promise<Composition> {
  const { indexPath: file, dir, source, fingerprint } = sources;
  const split = readFrontMatter(source, file);
  const problems = [...split.problems];
  const config = split.config ?? fallbackConfig();
  const css = await project.styles(config.trim);
  const images: InlinedImage[] = [];
  // A drawing is a document of its own, blind to the page's fonts: its text gets the body font's faces,
  // read from the CSS once, when the first drawing needs them.
  let font: Promise<DrawingFont | undefined> | undefined;
  const drawingFontOnce = () => (font ??= import('./images/svg.ts').then(({ drawingFont }) => drawingFont(css)));
  const loadImage = async (src: string, line?: number) => {
    const inlined = await inlineImage(dir, src, config, drawingFontOnce);
    images.push({ src, bytes: inlined.bytes });
    // What cleaning removes from an image is a warning at the line that names the image.
    if (inlined.removed) problems.push(problem(inlined.removed, { file, line }, { warning: true }));
    return inlined.url;
  };
  // Relative links resolve against `base`, or the website the guide comes from.
  const links = { base: config.base ?? config.website, strictLinks: config.strictLinks };
  const body = await markdownToHtml(split.body, { lang: config.lang, path: file, loadImage, ...links });
  // The language is said once, at its key, rather than by each piece of Markdown.
  problems.push(...languageWarnings(config.lang, file, keyLine(source, 'lang')), ...body.messages.filter((message) => !isHyphenationWarning(message)));
  // The back cover is front matter: its problems point at the `back:` key.
  const back = config.back ? await markdownToHtml(config.back, { lang: config.lang, path: file, idPrefix: 'back-', ...links }) : undefined;
  const backLine = keyLine(source, 'back');
  for (const message of (back?.messages ?? []).filter((message) => !isHyphenationWarning(message))) {
    problems.push(problem(`back: ${message.reason}`, { file, line: backLine, fix: message.note }, { warning: !message.fatal }));
  }
  // In the order of the text, as a compiler lists them.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!split.config || problems.some((p) => p.fatal)) return { problems };

  const words = labels[wordsLanguage(config.lang) ?? 'en'];
  const contents = config.contents
    ? body.headings
        .filter((h) => h.depth <= 2)
        .map((h) => `<li class="depth-${h.depth}"><a href="#${h.id}"><span class="title">${escapeHtml(body.headingTexts[h.id] ?? h.text)}</span></a></li>`)
        .join('')
    : undefined;
  const html = fillTemplate(project.template, {
    lang: config.lang,
    title: config.title,
    subtitle: config.subtitle,
    publisher: config.publisher,
    editionLabel: `${words.edition} ${config.edition} · ${formatDate(config.date, config.lang)}`,
    contentsLabel: words.contents,
    contents,
    body: body.html,
    back: back?.html ?? '',
    website: config.website ? displayUrl(config.website) : undefined,
    websiteHref: config.website,
    licence: config.licence,
    fingerprintLabel: words.fingerprint,
    fingerprint: fingerprint.slice(0, 12),
    styles: css,
  });
  // As printed: the bookmarks then read like the headings (« », ’, narrow spaces).
  const headings = body.headings.map((heading) => body.headingTexts[heading.id] ?? heading.text);
  return { zine: { name: sources.name, indexPath: file, source, config, html, fingerprint, images, headings }, problems };
}

/** Resolve an image inside the zine folder, clean it and return it as a data: URL, with what cleaning removed. */
async function inlineImage(dir: string, src: string, config: FrontMatter, font: () => Promise<DrawingFont | undefined>): Promise<{ url: string; bytes: number; removed?: string }> {
  const path = resolveImagePath(dir, src);
  const bytes = new Uint8Array(await readFile(path));
  const name = relative(dir, path);
  if (/\.svg$/i.test(path)) {
    // Loaded for the first drawing only: an XML and a CSS parser most zines never need.
    const { cleanSvgWithImages } = await import('./images/svg.ts');
    const { svg, removed, fontChars = 0 } = await cleanSvgWithImages(new TextDecoder().decode(bytes), name, { font: await font() });
    return {
      url: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      bytes: svg.length - fontChars,
      removed: removed.length > 0 ? `removed from ${name}: ${removed.join(', ')}` : undefined,
    };
  }
  const cleaned = await cleanImage(bytes, {
    name,
    maxDpi: config.maxImageDpi,
    printedWidthMm: textWidthMm(config.trim),
    printedHeightMm: imageMaxHeightMm(config.trim),
  });
  return { url: `data:${cleaned.mime};base64,${Buffer.from(cleaned.bytes).toString('base64')}`, bytes: cleaned.bytes.length };
}
