import { describe, expect, it } from 'vitest';
import { ContentError } from '../../scripts/errors.ts';
import { readFrontMatter } from '../../scripts/markdown/frontmatter.ts';

const valid = '---\ntitle: Tract\nlang: fr\nedition: 1\ndate: 2026-11-25\n---\n\n# Titre\n';

function errorOf(text: string): ContentError {
  try {
    readFrontMatter(text, 'index.md');
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('readFrontMatter', () => {
  it('validates and keeps the body on its own lines', () => {
    const { config, body } = readFrontMatter(valid, 'index.md');
    expect(config).toMatchObject({ title: 'Tract', lang: 'fr', trim: 'A5', impose: ['booklet'] });
    expect(body.split('\n')[7]).toBe('# Titre');
  });

  it('names the line of a bad value and of an unknown key', () => {
    expect(errorOf(valid.replace('lang: fr', 'lang: de'))).toMatchObject({ line: 3, message: 'lang: must be one of "fr", "en", "nl"' });
    expect(errorOf(valid.replace('edition: 1', 'edition: 1\ncolour: red')).line).toBe(5);
    expect(errorOf(valid.replace('date: 2026-11-25', 'date: 2026-11-25\nbooklet:\n  duplex: sideways')).line).toBe(7);
  });

  // Found by the property test: yaml's toJS threw a ReferenceError, which reached the CLI as a crash.
  it('turns an unresolved YAML alias into a content error', () => {
    expect(errorOf('---\n: *a\n---\n')).toMatchObject({ line: 2, message: expect.stringMatching(/malformed front matter: Unresolved alias/) });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = '---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n';
    expect(errorOf(bomb).message).toMatch(/malformed front matter/);
  });
});
