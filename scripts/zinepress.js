#!/usr/bin/env node
// Thin entry: let Node run the TypeScript sources directly (no build step), then hand over to cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
