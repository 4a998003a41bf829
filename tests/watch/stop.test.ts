// Ctrl-C stops watch cleanly: exit 130, its Chromium gone, its profile folder
// removed, no staging or early-write leftovers in the outputs.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/sources.ts';
import { alive, chromiumUnder, type SeenChromium } from '../faults/processes.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'zinepress-watch-stop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('zinepress watch, stopped with Ctrl-C', () => {
  it('exits 130 with no browser, profile or staging folder left', async () => {
    const contentDir = join(root, 'content');
    const outputDir = join(root, 'output');
    cpSync(join(fixtureZines, 'avant-la-reunion'), join(contentDir, 'guide'), { recursive: true });
    // Its own process group, as a shell's job: Ctrl-C reaches the group.
    const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'zinepress.js'), 'watch', 'guide', '--content', contentDir, '--output', outputDir, '--port', '0'], { cwd: projectRoot, detached: true });
    let stderr = '';
    const seen = new Map<number, SeenChromium>();
    const ready = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        for (const entry of chromiumUnder(child.pid!)) seen.set(entry.pid, entry);
        if (/preview: http:\/\/127\.0\.0\.1:\d+\//.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`watch ended before it was ready:\n${stderr}`)));
    });
    const status = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await ready;
    for (const entry of chromiumUnder(child.pid!)) seen.set(entry.pid, entry);
    expect([...seen.values()].some((entry) => entry.main)).toBe(true);

    process.kill(-child.pid!, 'SIGINT');
    expect(await status).toBe(130);
    expect(stderr).toMatch(/stopped by SIGINT/);
    for (const entry of seen.values()) expect(alive(entry.pid), `chromium ${entry.pid}`).toBe(false);
    const profiles = new Set([...seen.values()].flatMap((entry) => (entry.profile ? [entry.profile] : [])));
    expect(profiles.size).toBeGreaterThan(0);
    for (const profile of profiles) expect(existsSync(join(profile, '..')), profile).toBe(false);
    expect(readdirSync(join(outputDir, 'guide')).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(outputDir, 'guide'))).toContain('guide.pdf');
  }, 120_000);
});
