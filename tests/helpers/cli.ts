// The CLI's main() run in this process, with what it prints gathered (stdout and stderr together).
import { Writable } from 'node:stream';
import { main } from '../../scripts/cli.ts';

/** `zinepress …argv` in this process: its exit status and everything it printed. */
export async function runMain(...argv: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const sink = new Writable({ write: (chunk, _encoding, done) => ((out += chunk), done()) });
  const status = await main(argv, { stdout: sink as typeof process.stdout, stderr: sink as typeof process.stderr });
  return { status, out };
}
