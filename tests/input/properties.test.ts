// Property tests on the Markdown stage: whatever the input, a result or a ZineError naming the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZineError } from '../../scripts/errors.ts';
import { readFrontMatter } from '../../scripts/markdown/frontmatter.ts';
import { markdownToHtml } from '../../scripts/markdown/processor.ts';
import { decodeSource } from '../../scripts/markdown/source.ts';

/** Text made mostly of Markdown's and YAML's syntax characters, so the parsers get busy. */
const markdownish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: fc.constantFrom('#', '*', '_', '-', '>', '`', '[', ']', '(', ')', '!', '|', ':', '<', '/', 'a', ' ', '  ', '\n', '\n\n', '1.', '~', '\\', '"', "'", '&', '\t', 'é', '\u00a0'), maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

/** Passes for a value; for an error, passes only if it is a ZineError with a file. */
function returnsOrZineError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZineError);
    expect((error as ZineError).file).toBe('index.md');
  }
}

describe('the Markdown stage on arbitrary input', () => {
  it('markdownToHtml never throws: problems are messages', async () => {
    await fc.assert(
      fc.asyncProperty(markdownish, async (markdown) => {
        const result = await markdownToHtml(markdown, { lang: 'fr', path: 'index.md' });
        expect(typeof result.html).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('decodeSource on arbitrary bytes returns text or throws ZineError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string().map((text) => new TextEncoder().encode(text))), (bytes) => {
        returnsOrZineError(() => {
          const text = decodeSource(bytes, 'index.md');
          expect(text).not.toMatch(/\r/);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('readFrontMatter on arbitrary text never throws: problems name the file', () => {
    const yamlish = fc.string({ unit: fc.constantFrom('title', 'lang', 'date', 'edition', 'back', ': ', '-', ' ', '\n', '"', "'", '[', ']', '{', '}', '#', '&a', '*a', '!!', '|', '>', 'fr', '1', '2026-11-25', '\t', '---'), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(markdownish, yamlish.map((yaml) => `---\n${yaml}\n---\n`), yamlish), (text) => {
        const { problems } = readFrontMatter(text, 'index.md');
        for (const found of problems) expect(found.file).toBe('index.md');
      }),
      { numRuns: 1000 },
    );
  });
});
