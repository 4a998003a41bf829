// A zine may be written in any language. Its tag (BCP 47: "es", "pt-BR") goes
// to the HTML, the PDF and Intl; the template's words and the printing
// instructions exist in a few languages, English standing in for the others.
// Right-to-left scripts need a mirrored layout that zinepress does not make yet.

/** Languages the template's words, callout titles and printing instructions are written in. */
export const WORD_LANGUAGES = ['fr', 'en', 'nl', 'es', 'de'] as const;

/** A language zinepress has words in. */
export type WordsLang = (typeof WORD_LANGUAGES)[number];

// Scripts written right to left (ISO 15924): Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan, Mende Kikakui, Yezidi.
const rightToLeftScripts = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Mend', 'Yezi']);

/** The canonical form of a language tag ("pt-br" → "pt-BR"), or undefined when `value` is not one. */
export function canonicalTag(value: string): string | undefined {
  let tag: string | undefined;
  try {
    [tag] = Intl.getCanonicalLocales(value.trim());
  } catch {
    return undefined;
  }
  // Intl also takes 4–8 letter primary subtags, which name no language: "francais", "deutsch" are mistakes.
  return tag !== undefined && /^[a-z]{2,3}(?:-|$)/i.test(tag) ? tag : undefined;
}

/** True for a language written right to left by default (ar, he, fa, ur, yi, ps, dv…) or a tag naming such a script (pa-Arab). */
export function isRightToLeft(tag: string): boolean {
  try {
    return rightToLeftScripts.has(new Intl.Locale(tag).maximize().script ?? '');
  } catch {
    return false;
  }
}

/** The language whose words a zine in `tag` gets, or undefined when zinepress has none (English stands in). */
export function wordsLanguage(tag: string): WordsLang | undefined {
  const primary = tag.toLowerCase().split('-')[0];
  return WORD_LANGUAGES.find((lang) => lang === primary);
}

/** The language's name in English ("pt-BR" → "Brazilian Portuguese"), for messages. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
