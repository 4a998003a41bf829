// The compacted polyfill (render/polyfill.ts): made once, kept on disk under the
// hash of the source, read from there by the next process; a cache that cannot be
// written only means compacting again. That the compacted polyfill lays out the
// same PDF is in paged-amends.test.ts.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amendPolyfill, compactPolyfill, pagedPolyfill, readPolyfill } from '../../scripts/render/polyfill.ts';

const amended = amendPolyfill(readPolyfill());

describe('compactPolyfill', () => {
  it('drops the spaces and comments, keeps the program and its licences, and keeps the result under the hash of the source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zinepress-polyfill-'));
    const compact = compactPolyfill(amended, dir);
    expect(compact.length).toBeLessThan(0.75 * amended.length);
    // (Booleans and counts: a failure would otherwise print a megabyte of script.)
    // Lines only where a string or a template holds them (Paged.js's page template, its CSS).
    expect(compact.split('\n').length).toBeLessThan(amended.split('\n').length / 20);
    expect(compact.includes('// Render flow')).toBe(false);
    // The amendments are still there, and the licence.
    expect(compact.includes('tokens.some(token=>token.node===newToken.node&&token.offset===newToken.offset)')).toBe(true);
    expect(compact.includes('settings=Object.assign({},settings,{maxChars})')).toBe(true);
    expect(compact.match(/@license/g)?.length).toBe(amended.match(/@license/g)?.length);
    const files = readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^paged-[0-9a-f]{32}\.js$/)]);

    // The next call reads the file instead of compacting again; another source has a file of its own.
    writeFileSync(join(dir, files[0]!), 'kept');
    expect(compactPolyfill(amended, dir)).toBe('kept');
    expect(compactPolyfill(`${amended}\n`, dir) === compact).toBe(true);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('compacts all the same where the cache cannot be written, and leaves nothing half-written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zinepress-polyfill-'));
    writeFileSync(join(dir, 'file'), '');
    const unwritable = join(dir, 'file', 'cache');
    expect(compactPolyfill(amended, unwritable) === compactPolyfill(amended, mkdtempSync(join(tmpdir(), 'zinepress-polyfill-')))).toBe(true);
    expect(existsSync(unwritable)).toBe(false);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('is what every tab is given: the installed Paged.js, amended and compacted', () => {
    expect(pagedPolyfill() === compactPolyfill(amended, mkdtempSync(join(tmpdir(), 'zinepress-polyfill-')))).toBe(true);
  });
});
