// `zinepress new <zine>`: a first index.md that builds at once, with every
// front-matter key written out (commented, from the schema of config.ts), a
// section, a callout and a picture.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { frontMatterKeys } from './config.ts';
import { usageError, ZineError } from './errors.ts';
import { canonicalTag, isRightToLeft, wordsLanguage, type WordsLang } from './languages.ts';
import { readFrontMatter } from './markdown/frontmatter.ts';
import { decodeSource } from './markdown/source.ts';
import { projectRoot } from './sources.ts';
import { translationMarker, translationScaffold } from './translation/scaffold.ts';

export interface NewOptions {
  zine: string;
  lang?: string;
  contentDir?: string;
  /** Today, as the edition's date (tests fix it). */
  today?: Date;
  log?: (line: string) => void;
}

/** Example values of the optional keys that have no default, as YAML. */
const examples: Record<string, string> = {
  subtitle: '"What this zine is about"',
  publisher: '"Your collective"',
  website: 'https://example.org/',
  licence: '"CC BY-SA 4.0"',
  back: '"A few words for the back cover."',
  'booklet.signaturePages': '16',
};

/** The words of the scaffold in each language. */
const words: Record<WordsLang, { title: string; section: string; text: string; callout: string; alt: string; caption: string; next: string }> = {
  en: {
    title: 'A new zine',
    section: 'A first section',
    text: 'Write here. Each `#` heading starts a new page; `##` headings are subsections.',
    callout: 'A callout is kept whole on one page.',
    alt: 'A placeholder picture',
    caption: 'Replace images/placeholder.png with your own picture',
    next: 'A second section',
  },
  fr: {
    title: 'Un nouveau zine',
    section: 'Une première partie',
    text: 'Écrivez ici. Chaque titre `#` commence une nouvelle page ; les titres `##` sont des sous-parties.',
    callout: 'Un encadré reste entier sur une seule page.',
    alt: 'Une image provisoire',
    caption: 'Remplacez images/placeholder.png par votre image',
    next: 'Une deuxième partie',
  },
  es: {
    title: 'Un nuevo fanzine',
    section: 'Una primera sección',
    text: 'Escribe aquí. Cada título `#` empieza una página nueva; los títulos `##` son subsecciones.',
    callout: 'Un recuadro se mantiene entero en una sola página.',
    alt: 'Una imagen provisional',
    caption: 'Sustituye images/placeholder.png por tu propia imagen',
    next: 'Una segunda sección',
  },
  de: {
    title: 'Ein neues Zine',
    section: 'Ein erster Abschnitt',
    text: 'Schreib hier. Jede `#`-Überschrift beginnt eine neue Seite; `##`-Überschriften sind Unterabschnitte.',
    callout: 'Ein Kasten bleibt auf einer Seite zusammen.',
    alt: 'Ein vorläufiges Bild',
    caption: 'Ersetze images/placeholder.png durch dein eigenes Bild',
    next: 'Ein zweiter Abschnitt',
  },
  nl: {
    title: 'Een nieuwe zine',
    section: 'Een eerste deel',
    text: 'Schrijf hier. Elke `#`-titel begint een nieuwe pagina; `##`-titels zijn onderdelen.',
    callout: 'Een kader blijft heel op één pagina.',
    alt: 'Een voorlopige afbeelding',
    caption: 'Vervang images/placeholder.png door je eigen afbeelding',
    next: 'Een tweede deel',
  },
};

/** The front matter: the required keys set, every other key commented with its default (or an example) and what it does. */
export function scaffoldFrontMatter({ lang, date, title }: { lang: string; date: string; title: string }): string {
  const set: Record<string, string> = { title: JSON.stringify(title), lang, edition: '1', date };
  const lines = ['---', '# Every key of the front matter; remove the "# " before a key to use it (README, "Front matter").'];
  let group: string | undefined;
  for (const { key, default: value, description, type } of frontMatterKeys()) {
    const [head, option] = key.split('.') as [string, string | undefined];
    if (option && head !== group) {
      group = head;
      lines.push(`# ${head}:`);
    }
    const shown = set[key] ?? (value !== undefined ? yamlValue(value, type) : (examples[key] ?? '""'));
    const comment = `  # ${description}${type.includes('|') ? ` (${type})` : ''}`;
    if (option) lines.push(`#   ${option}: ${shown}${comment}`);
    else lines.push(`${key in set ? '' : '# '}${key}: ${shown}${comment}`);
  }
  lines.push('---');
  return lines.join('\n');
}

/** A default as YAML: strings that YAML would read otherwise are quoted. */
function yamlValue(value: string, type: string): string {
  if (value.startsWith('[') || type === 'number' || type === 'boolean') return value;
  return /^[\w.-]+$/.test(value) ? value : JSON.stringify(value);
}

/** The whole index.md of a new zine. */
export function scaffoldIndex({ lang, date, title }: { lang: string; date: string; title?: string }): string {
  // A language zinepress has no words in gets the English scaffold to translate (and the build's one warning).
  const w = words[wordsLanguage(lang) ?? 'en'];
  return [
    scaffoldFrontMatter({ lang, date, title: title ?? w.title }),
    '',
    `# ${w.section}`,
    '',
    w.text,
    '',
    ':::attention',
    w.callout,
    ':::',
    '',
    `![${w.alt}](images/placeholder.png "${w.caption}")`,
    '',
    `# ${w.next}`,
    '',
    w.text,
    '',
  ].join('\n');
}

/** A small grey picture with a sun and two hills, drawn with sharp: no one's photo, no metadata. */
async function placeholderPng(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360" viewBox="0 0 600 360">
    <rect width="600" height="360" fill="#e6e6e6"/><circle cx="460" cy="100" r="44" fill="#b5b5b5"/>
    <path d="M0 360 L170 170 L300 300 L400 210 L600 360 Z" fill="#9a9a9a"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer());
}

/** Write content/<zine>/index.md and images/placeholder.png; refuse to touch a zine that exists. */
export async function newZine({ zine, lang = 'en', contentDir = join(projectRoot, 'content'), today = new Date(), log = () => {} }: NewOptions): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(zine)) usageError(`"${zine}" cannot name a zine: use lower-case letters, digits and hyphens, e.g. "before-the-meeting"`);
  const tag = canonicalTag(lang);
  if (!tag) usageError(`--lang takes a language tag such as en, fr, nl, es, de or pt-BR, not "${lang}"`);
  if (isRightToLeft(tag)) usageError(`--lang ${tag}: right-to-left scripts are not supported yet`);
  const dir = join(contentDir, zine);
  const shown = relative(process.cwd(), dir) || dir;
  if (existsSync(dir)) usageError(`${shown} already exists: zinepress new never overwrites a zine; choose another name, or edit ${join(shown, 'index.md')}`);
  const date = today.toISOString().slice(0, 10);
  const index = scaffoldIndex({ lang: tag, date });
  await mkdir(join(dir, 'images'), { recursive: true });
  await writeFile(join(dir, 'index.md'), index, { flag: 'wx' });
  await writeFile(join(dir, 'images', 'placeholder.png'), await placeholderPng(), { flag: 'wx' });
  log(`created ${join(shown, 'index.md')} and ${join(shown, 'images', 'placeholder.png')}`);
  return dir;
}

/** Options of `zinepress new <zine> --translate <lang>`. */
export interface NewTranslationOptions {
  zine: string;
  lang: string;
  contentDir?: string;
  log?: (line: string) => void;
}

/** Write content/<zine>/index.<lang>.md: the original's Markdown, each passage to translate marked; refuse to touch one that exists. */
export async function newTranslation({ zine, lang, contentDir = join(projectRoot, 'content'), log = () => {} }: NewTranslationOptions): Promise<string> {
  const tag = canonicalTag(lang);
  if (!tag) usageError(`--translate takes a language tag such as en, fr, nl, es, de or pt-BR, not "${lang}"`);
  if (isRightToLeft(tag)) usageError(`--translate ${tag}: right-to-left scripts are not supported yet`);
  const dir = join(contentDir, zine);
  const shown = relative(process.cwd(), dir) || dir;
  const originalPath = join(dir, 'index.md');
  if (!existsSync(originalPath)) usageError(`${join(shown, 'index.md')} does not exist: --translate starts a translation of a zine's original; start the zine first (zinepress new ${zine})`);
  const source = decodeSource(new Uint8Array(await readFile(originalPath)), join(shown, 'index.md'));
  const { config, problems } = readFrontMatter(source, join(shown, 'index.md'));
  if (!config) throw new ZineError(problems);
  if (config.lang === tag) usageError(`${join(shown, 'index.md')} is already in ${tag}: a translation is in another language`);
  const path = join(dir, `index.${tag}.md`);
  if (existsSync(path)) usageError(`${join(shown, `index.${tag}.md`)} already exists: zinepress new never overwrites a translation; edit it, or remove it first`);
  await writeFile(path, translationScaffold(source, { lang: tag, edition: config.edition, file: join(shown, 'index.md') }), { flag: 'wx' });
  log(`created ${join(shown, `index.${tag}.md`)}: translate each passage marked ${translationMarker(tag).trim()}, then remove the mark`);
  return path;
}
