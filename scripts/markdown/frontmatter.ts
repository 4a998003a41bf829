// The YAML block at the top of index.md → validated config, errors with their line.
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { VFileMessage } from 'vfile-message';
import { parseFrontMatter, type FrontMatter } from '../config.ts';
import { problem } from '../errors.ts';
import { canonicalTag } from '../languages.ts';

/** Front matter and the Markdown body after it (body keeps its line numbers). */
export interface SplitSource {
  /** The validated settings; undefined when the front matter has errors. */
  config: FrontMatter | undefined;
  /** The Markdown after the front matter, with the front matter lines blanked. */
  body: string;
  /** Every problem of the front matter, each at its line: the body can still be checked. */
  problems: VFileMessage[];
  /** The front matter as written, before defaults: a translation starts from its original's. */
  data?: Record<string, unknown>;
  /** A translation's `translates:`, the edition of the original it translates, and its line. */
  translates?: { edition: number | string; line: number };
}

/** What a translation (index.<lang>.md) takes from its original. */
export interface OriginalFrontMatter {
  /** The original's front matter as written. */
  data: Record<string, unknown>;
  /** The translation's language, from its file name. */
  lang: string;
  /** The original, as shown in messages. */
  file: string;
}

/** The keys a translation may set: its words and where it is published. The design (trim, paper, impose…) is the original's. */
export const TRANSLATION_KEYS = ['title', 'subtitle', 'lang', 'translates', 'date', 'publisher', 'website', 'base', 'licence', 'back'] as const;

const fence = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/;

/** The text cut at its front matter, unread. */
export interface FrontMatterBlock {
  /** The YAML between the two "---" lines; undefined when the text does not start with a front matter. */
  yaml: string | undefined;
  /** The Markdown after the front matter, with the front matter lines blanked (the whole text when there is none). */
  body: string;
  /** The Markdown after the front matter as written, from the line after the closing "---". */
  rest: string;
}

/** Cut the front matter off (a byte order mark goes too), keeping the body on its lines. */
export function splitFrontMatter(text: string): FrontMatterBlock {
  const source = text.replace(/^\uFEFF/, '');
  const match = fence.exec(source);
  if (!match) return { yaml: undefined, body: source, rest: source };
  const rest = source.slice(match[0].length);
  // Blank the front matter instead of cutting it so Markdown lines keep their numbers.
  return { yaml: match[1] ?? '', body: match[0].replace(/[^\n]/g, '') + rest, rest };
}

/**
 * Split and validate the front matter; every problem is returned at its YAML line, never thrown.
 * A translation's (`original` given) holds only what differs from the original's.
 */
export function readFrontMatter(text: string, file: string, original?: OriginalFrontMatter): SplitSource {
  const { yaml: yamlText, body } = splitFrontMatter(text);
  if (yamlText === undefined) {
    const reason = 'no front matter: the file must start with a YAML block between two "---" lines';
    const fix = 'start the file with ---, then title:, lang:, edition:, date: on their own lines, then ---';
    return { config: undefined, body, problems: [problem(reason, { file, line: 1, fix })] };
  }
  const stop = (reason: string, line: number, fix?: string): SplitSource => ({ config: undefined, body, problems: [problem(reason, { file, line, fix })] });
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // The YAML starts on line 2 of the file (line 1 is the opening ---).
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + 1;
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    // yaml reports an unclosed quote where the text ends; the line to fix is where it opens.
    const quote = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
    const at = quote ? Math.max(0, yamlText.lastIndexOf(quote, error.pos[0] - 1)) : error.pos[0];
    return stop(
      `malformed front matter: ${error.message.split('\n')[0]}`,
      lineOf(at),
      'check the YAML syntax: one "key: value" per line, quote values that contain ":" or start with a quote',
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return stop('the front matter must be a list of "key: value" lines', 2, 'write one "key: value" per line, e.g. title: My zine');
  }
  let data: unknown;
  try {
    // toJS resolves aliases: an unknown one (`*a`) or an alias bomb throws here.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return stop(
      `malformed front matter: ${(error as Error).message.split('\n')[0]}`,
      2,
      'write plain "key: value" lines; YAML anchors and aliases (&a, *a) are not needed in front matter',
    );
  }
  const lineOfKey = (key: string) => {
    const node = doc.getIn(key.split('.'), true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineOf(node.range[0]) : (findKeyLine(yamlText, key) ?? 1);
  };
  const written = (data ?? {}) as Record<string, unknown>;
  let translates: SplitSource['translates'];
  let merged: unknown = data;
  if (original) {
    const own = translationFrontMatter(written, original, file, lineOfKey);
    if (own.problems.length > 0) return { config: undefined, body, problems: own.problems, data: written };
    translates = own.translates;
    merged = own.merged;
  }
  const result = parseFrontMatter(merged);
  if (result.ok) return { config: result.config, body, problems: [], data: written, translates };
  const problems = result.issues.map((issue) => problem(issue.message, { file, line: lineOfKey(issue.key), fix: 'fix the front matter; README "Front matter" lists every key and its values' }));
  return { config: undefined, body, problems, data: written };
}

/** A translation's own keys checked, and laid over its original's front matter. */
function translationFrontMatter(own: Record<string, unknown>, original: OriginalFrontMatter, file: string, lineOfKey: (key: string) => number) {
  const problems: VFileMessage[] = [];
  const allowed: readonly string[] = TRANSLATION_KEYS;
  for (const key of Object.keys(own).filter((key) => !allowed.includes(key))) {
    problems.push(
      problem(`${key}: a translation takes ${key} from the original (${original.file}); it holds only ${TRANSLATION_KEYS.join(', ')}`, {
        file,
        line: lineOfKey(key),
        fix: key === 'edition' ? 'write translates: <the edition of the original it translates> instead' : `remove ${key}: here, and change it in ${original.file} if it must change for every language`,
      }),
    );
  }
  const edition = own.translates;
  const isEdition = (typeof edition === 'number' && Number.isInteger(edition) && edition > 0) || (typeof edition === 'string' && edition.trim() !== '');
  if (!isEdition) {
    const reason = edition === undefined ? 'a translation says which edition of the original it translates: translates: is missing' : 'translates: must be the edition of the original it translates, a number or a name';
    problems.push(problem(reason, { file, line: edition === undefined ? 1 : lineOfKey('translates'), fix: `write translates: ${JSON.stringify(original.data.edition ?? 1)} (the edition in ${original.file}) once the translation follows it` }));
  }
  if (own.lang !== undefined && canonicalTag(String(own.lang)) !== original.lang) {
    problems.push(problem(`lang: ${String(own.lang)} in a file named for "${original.lang}"`, { file, line: lineOfKey('lang'), fix: `write lang: ${original.lang}, or rename the file index.${String(own.lang)}.md` }));
  }
  const { translates: _, ...words } = own;
  // The printed edition is the one it translates; the language is its file name's unless it says it.
  const merged = { ...original.data, lang: original.lang, ...words, edition };
  return { problems, merged, translates: isEdition ? { edition: edition as number | string, line: lineOfKey('translates') } : undefined };
}

function findKeyLine(yamlText: string, dottedKey: string): number | undefined {
  const key = dottedKey.split('.').pop()!;
  const index = yamlText.split('\n').findIndex((line) => new RegExp(`^\\s*${key}\\s*:`).test(line));
  return index === -1 ? undefined : index + 2;
}
