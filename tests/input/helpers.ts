// Helpers for the broken-input tests: temporary content folders and the CLI run in-process.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli.ts';

export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'zines');

/** The front matter every generated zine starts with (6 lines). */
export const frontMatter = (title: string) => `---\ntitle: ${title}\nlang: en\nedition: 1\ndate: 2026-11-25\n---\n`;

/** A fresh content folder holding copies of fixtures and generated zines. */
export function contentFolder({ copy = [], write = {} }: { copy?: string[]; write?: Record<string, string | Uint8Array | null> }): string {
  const dir = mkdtempSync(join(tmpdir(), 'zinepress-input-'));
  for (const name of copy) cpSync(join(fixtures, name), join(dir, name), { recursive: true });
  for (const [name, text] of Object.entries(write)) {
    mkdirSync(join(dir, name));
    if (text !== null) writeFileSync(join(dir, name, 'index.md'), text);
  }
  return dir;
}

/** `zinepress build` in this process: exit status and what it printed on stderr. */
export async function runBuild(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const sink = { write: (chunk: string) => ((stderr += chunk), true) };
  const status = await main(['build', ...args], { stdout: sink as unknown as typeof process.stdout, stderr: sink as unknown as typeof process.stderr });
  return { status, stderr };
}

/** Deterministic pseudo-random letters: not periodic, unlike "aaaa…" (see the Paged.js note in the tests). */
export function randomText(length: number, alphabet: string, seed = 1): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}
