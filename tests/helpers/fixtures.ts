// Feature tests build frozen fixture zines, never content/: a collective that edits
// its guide, renames a section or publishes edition 2 keeps a green CI.
import { join } from 'node:path';

/** tests/fixtures/zines: the frozen guide and checklist, and the broken and hostile cases. */
export const fixtureZines = join(import.meta.dirname, '..', 'fixtures', 'zines');
