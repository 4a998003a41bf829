// Bytes of index.md → text: strict UTF-8, BOM and CRLF tolerated, binary refused.
import { fail } from '../errors.ts';

/** Decode a Markdown source; stops with a problem naming the line of the first bad byte. */
export function decodeSource(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) {
    fail('the file is empty', { file, fix: 'write the zine in Markdown, starting with its front matter (see README, "Writing a zine")' });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    fail('this is not a text file (it contains NUL bytes)', { file, line: lineAt(bytes, nul), fix: 'save the zine as plain UTF-8 Markdown text' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    fail('the file is not valid UTF-8 (probably Latin-1 or Windows-1252)', {
      file,
      line: lineAt(bytes, at),
      fix: 'convert it, e.g. `iconv -f latin1 -t utf-8 index.md > index.utf8.md`, or re-save it as UTF-8 in your editor',
    });
  }
  return text.replace(/\r\n?/g, '\n');
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix; a prefix cut inside a sequence is
  // tolerated with `stream: true`.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      decoder.decode(); // reset
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
