// Run by metadata.test.ts in a child process with another TZ, LANG, HOME and
// cwd: prints the sha256 of finalizePdf's output for the PDF at argv[2].
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { finalizePdf } from '../../scripts/pdf/metadata.ts';
import { META } from './meta.ts';

const input = readFileSync(process.argv[2]!);
const output = await finalizePdf(input, META);
process.stdout.write(`${createHash('sha256').update(output).digest('hex')} ${new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()}\n`);
