// A zine's sources → one HTML document ready for the browser (no I/O here).
import { createHash } from 'node:crypto';
import type { FrontMatter } from './config.ts';
import { ContentError } from './errors.ts';
import { markdownToHtml, type MarkdownResult } from './markdown/processor.ts';
import { escapeHtml, fillTemplate } from './template.ts';

/** Words the template needs in the zine's language. */
const labels: Record<FrontMatter['lang'], { contents: string; edition: string; fingerprint: string }> = {
  fr: { contents: 'Sommaire', edition: 'Édition', fingerprint: 'Empreinte des sources :' },
  en: { contents: 'Contents', edition: 'Edition', fingerprint: 'Source fingerprint:' },
  nl: { contents: 'Inhoud', edition: 'Editie', fingerprint: 'Vingerafdruk van de bronnen:' },
};

/** Everything the render needs, plus what the checks and manifest report. */
export interface ZineDocument {
  html: string;
  body: MarkdownResult;
}

export interface ComposeInput {
  config: FrontMatter;
  /** Markdown body (front matter blanked, lines kept). */
  markdown: string;
  /** index.md path as shown in messages. */
  path: string;
  /** Print CSS, already gathered (fonts inlined). */
  styles: string;
  template: string;
  /** Short fingerprint of the sources, printed in the colophon. */
  fingerprint: string;
  /** Resolve, clean and inline an image of the zine (the build does the I/O); `line` is where the text names it. */
  loadImage?: (src: string, line?: number) => Promise<string>;
}

/** "2026-11-25" → "25 novembre 2026" in the zine's language (UTC, never the machine's zone). */
export function formatDate(isoDate: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "www.secoursrouge.org" from "https://www.secoursrouge.org/": what a reader types. */
export function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** Markdown + front matter + template → the full HTML document. */
export async function composeZine({ config, markdown, path, styles, template, fingerprint, loadImage }: ComposeInput): Promise<ZineDocument> {
  const words = labels[config.lang];
  const body = await markdownToHtml(markdown, { lang: config.lang, path, loadImage });
  const failed = body.messages.find((message) => message.fatal);
  if (failed) throw new ContentError(failed.reason, path, failed.line ?? undefined, failed.note);
  // The back cover is front matter: its errors point at the `back:` key.
  const backResult = config.back ? await markdownToHtml(config.back, { lang: config.lang, path, idPrefix: 'back-' }) : undefined;
  const backFailed = backResult?.messages.find((message) => message.fatal);
  if (backFailed) throw new ContentError(`back: ${backFailed.reason}`, path, undefined, backFailed.note);
  const back = backResult?.html ?? '';
  const contents = config.contents
    ? body.headings
        .filter((h) => h.depth <= 2)
        .map((h) => `<li class="depth-${h.depth}"><a href="#${h.id}"><span class="title">${escapeHtml(h.text)}</span></a></li>`)
        .join('')
    : undefined;
  const html = fillTemplate(template, {
    lang: config.lang,
    title: config.title,
    subtitle: config.subtitle,
    publisher: config.publisher,
    editionLabel: `${words.edition} ${config.edition} · ${formatDate(config.date, config.lang)}`,
    contentsLabel: words.contents,
    contents,
    body: body.html,
    back,
    website: config.website ? displayUrl(config.website) : undefined,
    websiteHref: config.website,
    licence: config.licence,
    fingerprintLabel: words.fingerprint,
    fingerprint,
    styles,
  });
  return { html, body };
}

/**
 * sha256 over (relative path, bytes) of each source file, in sorted order. The bytes
 * come in chunks, read one file at a time: a file of any size hashes in little memory.
 */
export async function fingerprintSources(files: { path: string; chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> }[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(file.path).update('\0');
    for await (const chunk of file.chunks()) hash.update(chunk);
    hash.update('\0');
  }
  return hash.digest('hex');
}
