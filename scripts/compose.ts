// The compose stage: a zine's sources → one HTML document ready for the browser.
// Front matter, Markdown, the back cover and every image are checked in one go:
// every problem comes back at its line, so one build reports them all.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { frontMatterSchema, type FrontMatter } from './config.ts';
import { problem } from './errors.ts';
import { cleanImage } from './images/clean.ts';
import { resolveImagePath } from './images/resolve.ts';
import type { DrawingFont } from './images/svg.ts';
import { languageName, WORD_LANGUAGES, wordsLanguage, type WordsLang } from './languages.ts';
import { readFrontMatter, type SplitSource } from './markdown/frontmatter.ts';
import { markdownToHtml, type MarkdownOptions } from './markdown/processor.ts';
import { hasHyphenation } from './markdown/rehype-hyphenate.ts';
import type { ProjectSources, TranslationSources, ZineSources } from './sources.ts';
import { translationWarnings } from './translation/check.ts';
import { readStructure, type TextStructure } from './translation/structure.ts';
import type { Rendition } from './renditions.ts';
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
  /** A translation's language, as its file name says (index.nl.md → "nl"); undefined for the original. */
  translation?: string;
  /** The same document laid out for another rendition: its trim and its stylesheet (`html` is the print rendition's). */
  htmlFor(rendition: Rendition): Promise<string>;
}

/** `<stem>.<ext>`, or `<stem>.<lang>.<ext>` for a translation: what each output file of an edition is called. */
export function editionFileName(zine: { translation?: string }, stem: string, ext: string): string {
  return `${stem}${zine.translation ? `.${zine.translation}` : ''}.${ext}`;
}

/** A composed zine, or none when there are errors; `problems` holds every error and warning found. */
export interface Composition {
  zine?: ComposedZine;
  problems: VFileMessage[];
}

/**
 * What a long-lived caller (watch) keeps between composes: each cleaned image by
 * the hash of its bytes and settings, and each zine's front matter and Markdown
 * by the fingerprint of its folder. A text edit re-cleans no image; a style edit
 * re-parses no Markdown. Only what the last compose used is kept.
 */
export interface ComposeCache {
  images: Map<string, InlinedImageData>;
  zines: Map<string, ComposedText>;
}

/** An empty compose cache. */
export function composeCache(): ComposeCache {
  return { images: new Map(), zines: new Map() };
}

/** A cleaned image as it goes into the page. */
interface InlinedImageData {
  url: string;
  bytes: number;
  removed?: string;
  /** Its key in the image cache. */
  key?: string;
}

/** A zine's front matter and Markdown, composed: everything but the template and the styles. */
interface ComposedText {
  /** The folder's fingerprint and index.md as shown: the text and its images. */
  key: string;
  /** The drawings' font it was made with, when it has drawings (they change with the styles). */
  fontKey?: string;
  split: ReturnType<typeof readFrontMatter>;
  problems: VFileMessage[];
  images: InlinedImage[];
  /** Its entries in the image cache. */
  imageKeys: string[];
  /** Each image as written in the text and the data: URL it went in as, to make it again for another rendition. */
  placed: { src: string; url: string }[];
  body: Awaited<ReturnType<typeof markdownToHtml>>;
  back?: Awaited<ReturnType<typeof markdownToHtml>>;
}

/** A date format for each language: making one costs more than formatting with it, and each rendition formats the date again. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-25" → "25 novembre 2026" in the zine's language (UTC, never the machine's zone). */
export function formatDate(isoDate: string, lang: string): string {
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(new Date(`${isoDate}T00:00:00Z`));
}

/** "www.secoursrouge.org" from "https://www.secoursrouge.org/": what a reader types. */
export function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/**
 * What an original's compose read that its translations, composed after it, need again:
 * its front matter, which they start from, and its landmarks, which they are checked
 * against (from the tree it parsed). Kept as long as its sources are.
 */
const originals = new WeakMap<ZineSources, { split: SplitSource; structure?: TextStructure }>();

/** Settings to check the Markdown with when the front matter has errors: its problems are reported with the text's. */
const fallbackConfig = (): FrontMatter => frontMatterSchema.parse({ title: '-', lang: 'en', edition: 1, date: '2000-01-01' }) as FrontMatter;

/** The 1-based line of a top-level front-matter key, if it is there. */
export function keyLine(source: string, key: string): number | undefined {
  const pattern = new RegExp(`^${key}\\s*:`);
  return source.split('\n').findIndex((line) => pattern.test(line)) + 1 || undefined;
}

/** The hyphenation plugin's own note on a language without patterns: the compose stage says it once, at `lang:`. */
function isHyphenationWarning(message: VFileMessage): boolean {
  return message.source === 'rehype-hyphenate' && message.ruleId === 'unknown-lang';
}

/** One warning for a language without template words, one for a language without hyphenation patterns. */
export function languageWarnings(lang: string, file: string, line?: number): VFileMessage[] {
  // Named only for a warning: Intl.DisplayNames costs milliseconds, its first use more.
  const name = () => `${languageName(lang)} ("${lang}")`;
  const warnings: VFileMessage[] = [];
  if (!wordsLanguage(lang)) {
    const reason = `zinepress has no words in ${name()}: the cover, contents, callout titles and printing instructions are in English`;
    warnings.push(problem(reason, { file, line, fix: `write your own callout titles (:::attention[…]); zinepress has words in ${WORD_LANGUAGES.join(', ')}` }, { warning: true }));
  }
  if (!hasHyphenation(lang)) {
    warnings.push(problem(`no hyphenation patterns for ${name()}: words are not broken at line ends`, { file, line, fix: 'nothing to do; long words may leave wider gaps between words' }, { warning: true }));
  }
  return warnings;
}

/** Compose one zine: front matter, Markdown, back cover and images, every problem collected. */
export async function composeZine(sources: ZineSources | TranslationSources, project: ProjectSources, cache?: ComposeCache): Promise<Composition> {
  const { indexPath: file, source, fingerprint } = sources;
  const translation = 'original' in sources ? sources : undefined;
  const translated = 'translations' in sources && sources.translations.length > 0 ? sources : undefined;
  // A translation starts from its original's front matter; when that has errors, the original's build reports them.
  const original = translation ? (originals.get(translation.original)?.split ?? readFrontMatter(translation.original.source, translation.original.indexPath)) : undefined;
  if (original && !original.config) return { problems: [] };
  const readSplit = () => readFrontMatter(source, file, translation && { data: original!.data!, lang: translation.lang, file: translation.original.indexPath });
  const trimOf = (split: ReturnType<typeof readFrontMatter>) => (split.config ?? fallbackConfig()).trim;
  const key = `${fingerprint}\0${file}`;
  const cacheKey = translation ? `${sources.name}\0${translation.lang}` : sources.name;
  const cached = cache?.zines.get(cacheKey);
  let text: ComposedText | undefined;
  let css: string | undefined;
  // With the fonts before them: a drawing's text takes the body font's faces from these.
  const printCss = () => `${project.fonts}\n${css!}`;
  let structure: TextStructure | undefined;
  if (cached?.key === key) {
    css = await project.styles(trimOf(cached.split));
    // Drawings carry the body font: a style edit that changes it re-composes them.
    if (cached.fontKey === undefined || cached.fontKey === fontKeyOf(await drawingFontOf(printCss()))) text = cached;
  }
  if (!text) {
    const split = readSplit();
    css ??= await project.styles(trimOf(split));
    // A translation is checked against its original, landmark by landmark: both are
    // read from the trees composed here rather than parsed again for the check.
    const onRead: MarkdownOptions['onRead'] =
      translation || translated
        ? (tree) => {
            try {
              structure = readStructure(tree);
            } catch {
              // The check parses the text itself and reports what went wrong.
            }
          }
        : undefined;
    text = await composeText(sources, split, printCss(), key, cache, onRead);
    if (translation && split.config) {
      text.problems.push(...translationWarnings(translation, split, original!.config!, { original: originals.get(translation.original)?.structure, translation: structure }));
      text.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    }
    if (cache) {
      cache.zines.set(cacheKey, text);
      // Images no zine uses any more go.
      const used = new Set([...cache.zines.values()].flatMap((zine) => zine.imageKeys));
      for (const image of cache.images.keys()) if (!used.has(image)) cache.images.delete(image);
    }
  }
  if (translated) originals.set(translated, { split: text.split, structure });
  const { split, body, back } = text;
  const config = split.config ?? fallbackConfig();
  // Copies: the cached lists stay as they were made.
  const problems = [...text.problems];
  const images = [...text.images];
  if (!split.config || problems.some((p) => p.fatal)) return { problems };

  const words = labels[wordsLanguage(config.lang) ?? 'en'];
  const contents = config.contents
    ? body.headings
        .filter((h) => h.depth <= 2)
        .map((h) => `<li class="depth-${h.depth}"><a href="#${h.id}"><span class="title">${escapeHtml(body.headingTexts[h.id] ?? h.text)}</span></a></li>`)
        .join('')
    : undefined;
  const fill = (styles: string, bodyHtml = body.html) =>
    fillTemplate(project.template, {
      lang: config.lang,
      title: config.title,
      subtitle: config.subtitle,
      publisher: config.publisher,
      editionLabel: `${words.edition} ${config.edition} · ${formatDate(config.date, config.lang)}`,
      contentsLabel: words.contents,
      contents,
      body: bodyHtml,
      back: back?.html ?? '',
      website: config.website ? displayUrl(config.website) : undefined,
      websiteHref: config.website,
      licence: config.licence,
      fingerprintLabel: words.fingerprint,
      fingerprint: fingerprint.slice(0, 12),
      fonts: project.fonts,
      styles,
    });
  const html = fill(css!);
  // Another rendition: the same text, on its own page with its own styles, its images in grey if it asks.
  const composed = text;
  const drawingCss = printCss();
  const htmlFor = async (rendition: Rendition) => {
    if (rendition.trim === undefined && !rendition.stylesheet && !rendition.images) return html;
    const styles = await project.styles(rendition.trim ?? config.trim, rendition.stylesheet);
    return fill(styles, rendition.images === 'greyscale' ? await greyBody(sources.dir, composed, config, drawingCss, cache) : body.html);
  };
  // As printed: the bookmarks then read like the headings (« », ’, narrow spaces).
  const headings = body.headings.map((heading) => body.headingTexts[heading.id] ?? heading.text);
  return { zine: { name: sources.name, indexPath: file, source, config, html, fingerprint, images, headings, translation: translation?.lang, htmlFor }, problems };
}

/** The front matter, Markdown and back cover of a zine, images cleaned (or taken from the cache); `css` is the fonts and the print styles, for the text of drawings. */
async function composeText(sources: ZineSources | TranslationSources, split: ReturnType<typeof readFrontMatter>, css: string, key: string, cache?: ComposeCache, onRead?: MarkdownOptions['onRead']): Promise<ComposedText> {
  const { indexPath: file, dir, source } = sources;
  const problems = [...split.problems];
  const config = split.config ?? fallbackConfig();
  const images: InlinedImage[] = [];
  const imageKeys: string[] = [];
  const placed: { src: string; url: string }[] = [];
  // A drawing is a document of its own, blind to the page's fonts: its text gets the body font's faces.
  // Found only when there is a drawing: it means loading a CSS parser and reading the whole stylesheet.
  let font: Promise<DrawingFont | undefined> | undefined;
  const fontOf = () => (font ??= drawingFontOf(css));
  const loadImage = async (src: string, line?: number) => {
    const inlined = await inlineImage(dir, src, config, fontOf, cache);
    if (inlined.key) imageKeys.push(inlined.key);
    images.push({ src, bytes: inlined.bytes });
    placed.push({ src, url: inlined.url });
    // What cleaning removes from an image is a warning at the line that names the image.
    if (inlined.removed) problems.push(problem(inlined.removed, { file, line }, { warning: true }));
    return inlined.url;
  };
  // Relative links resolve against `base`, or the website the guide comes from.
  const links = { base: config.base ?? config.website, strictLinks: config.strictLinks };
  const body = await markdownToHtml(split.body, { lang: config.lang, path: file, loadImage, onRead, ...links });
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
  return { key, fontKey: font ? fontKeyOf(await font) : undefined, split, problems, images, imageKeys, placed, body, back };
}

/**
 * The text's HTML with every image made again in grey (the black-and-white rendition):
 * only the images' data: URLs change. The grey images join the cache beside the others.
 */
async function greyBody(dir: string, text: ComposedText, config: FrontMatter, css: string, cache?: ComposeCache): Promise<string> {
  let font: Promise<DrawingFont | undefined> | undefined;
  const fontOf = () => (font ??= drawingFontOf(css));
  let html = text.body.html;
  for (const { src, url } of text.placed) {
    const grey = await inlineImage(dir, src, config, fontOf, cache, true);
    if (grey.key && !text.imageKeys.includes(grey.key)) text.imageKeys.push(grey.key);
    // A data: URL is the image's own bytes: it stands nowhere else in the text.
    html = html.split(url).join(grey.url);
  }
  return html;
}

/** The body font's faces for drawings, read from the print CSS (with the SVG module, loaded on demand). */
async function drawingFontOf(css: string): Promise<DrawingFont | undefined> {
  const { drawingFont } = await import('./images/svg.ts');
  return drawingFont(css);
}

/** A short key for the drawings' font. */
function fontKeyOf(font: DrawingFont | undefined): string {
  return font ? createHash('sha256').update(font.family).update('\0').update(font.faces).digest('hex') : 'none';
}

/** Resolve an image inside the zine folder, clean it (or take it from the cache by its bytes) and return it as a data: URL, with what cleaning removed; in grey if asked. */
async function inlineImage(dir: string, src: string, config: FrontMatter, fontOf: () => Promise<DrawingFont | undefined>, cache?: ComposeCache, greyscale = false): Promise<InlinedImageData> {
  const path = resolveImagePath(dir, src);
  const bytes = new Uint8Array(await readFile(path));
  const name = relative(dir, path);
  const svg = /\.svg$/i.test(path);
  if (!cache) return cleanInline(bytes, name, svg, config, fontOf, greyscale);
  const hash = createHash('sha256').update(bytes).update('\0').update(name);
  if (svg) hash.update('\0').update(fontKeyOf(await fontOf()));
  else hash.update(`\0${config.maxImageDpi}\0${config.trim}`);
  // The grey image of the black-and-white rendition is an entry of its own.
  if (greyscale) hash.update('\0greyscale');
  const key = hash.digest('hex');
  const known = cache.images.get(key);
  if (known) return known;
  const made = { ...(await cleanInline(bytes, name, svg, config, fontOf, greyscale)), key };
  cache.images.set(key, made);
  return made;
}

/** Clean an image's bytes into a data: URL, in grey for the black-and-white rendition. */
async function cleanInline(bytes: Uint8Array, name: string, svg: boolean, config: FrontMatter, fontOf: () => Promise<DrawingFont | undefined>, greyscale: boolean): Promise<InlinedImageData> {
  if (svg) {
    const font = await fontOf();
    // Loaded for the first drawing only: an XML and a CSS parser most zines never need.
    const { cleanSvgWithImages } = await import('./images/svg.ts');
    const { svg, removed, fontChars = 0 } = await cleanSvgWithImages(new TextDecoder().decode(bytes), name, { font, greyscale });
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
    greyscale,
  });
  return { url: `data:${cleaned.mime};base64,${Buffer.from(cleaned.bytes).toString('base64')}`, bytes: cleaned.bytes.length };
}
