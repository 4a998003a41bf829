// Web addresses, e-mail addresses and bare domains in running text, so the
// typography plugins leave them exactly as written: a narrow space or a soft
// hyphen inside `Riot.im` or `https://signal.org/?a=1` would break what the
// reader types.

const alnum = String.raw`\p{L}\p{N}`;
const rest = String.raw`[^\s<>"«»“”]`;
const url = String.raw`(?:[a-z][a-z0-9+.-]*:\/\/|www\.)${rest}+`;
const email = String.raw`[${alnum}._%+-]+@[${alnum}-]+(?:\.[${alnum}-]+)*\.\p{L}{2,}`;
// A domain needs a top-level part of two letters or more: "Riot.im",
// "ubuntu-fr.org", "tails.boum.org/install" (with an optional path).
const domain =
  String.raw`(?<![${alnum}@._-])[${alnum}][${alnum}-]*(?:\.[${alnum}-]+)*\.\p{L}{2,}(?![${alnum}])` +
  String.raw`(?:\/${rest}*)?`;
const addressPattern = new RegExp(`${url}|${email}|${domain}`, 'giu');
// What every address above holds: "://" or "www." (a web address), or a dot
// followed by two letters (the top-level part of a domain, an e-mail's too).
// Most text holds none, and this costs a fraction of the pattern above, which
// tries each of its three at every letter.
const mayHoldAddress = /:\/\/|www\.|\.\p{L}{2}/iu;

// Sentence punctuation that ends a sentence after an address, not part of it.
const trailingPunctuation = /[.,;:!?)\]}’'…]+$/u;

/** Start and end offsets (end exclusive) of every address found in `text`. */
export function findAddresses(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (!mayHoldAddress.test(text)) return ranges;
  for (const match of text.matchAll(addressPattern)) {
    const value = match[0].replace(trailingPunctuation, '');
    if (value.length === 0) continue;
    ranges.push([match.index, match.index + value.length]);
  }
  return ranges;
}

/** Whether the whole of `text` (trimmed) is one address. */
export function isAddress(text: string): boolean {
  const trimmed = text.trim();
  const ranges = findAddresses(trimmed);
  return ranges.length === 1 && ranges[0][0] === 0 && ranges[0][1] === trimmed.length;
}
