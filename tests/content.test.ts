// content/ is the collective's: its text changes with every edition, so no test reads
// what it says. It must only build, every zine of it, with no error and no warning.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { listZines, projectRoot } from '../scripts/sources.ts';

describe('content/', () => {
  it('builds every zine with no error and no warning', async () => {
    const contentDir = join(projectRoot, 'content');
    const log: string[] = [];
    const manifests = await build({ zines: [], contentDir, outputDir: mkdtempSync(join(tmpdir(), 'zinepress-content-')), log: (line) => log.push(line) });
    expect(manifests.map((manifest) => manifest.zine)).toEqual(listZines(contentDir));
    expect(log.filter((line) => /\b(warning|error):/.test(line))).toEqual([]);
  });
});
