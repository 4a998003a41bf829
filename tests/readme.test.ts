// The README's front-matter table is the schema's: a key added, renamed or given a
// new default without `npm run readme` fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontMatterKeys } from '../scripts/config.ts';
import { withFrontMatterTable } from '../scripts/readme.ts';
import { projectRoot } from '../scripts/sources.ts';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

describe('README.md', () => {
  it('shows the front-matter table the schema gives (run `npm run readme` to update it)', () => {
    expect(readme).toBe(withFrontMatterTable(readme));
  });

  it('lists every key, form options included', () => {
    for (const { key } of frontMatterKeys()) expect(readme).toContain(`| \`${key}\` |`);
    expect(readme).toContain('| `booklet.paperThicknessMm` |');
  });

  it('stays a user guide of at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });
});
