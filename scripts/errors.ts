// The one error path. Every problem a user must fix (the zine's text, its front
// matter, an image, the command line, the browser, the disk) is a vfile message:
// reason, file, line, column, and the fix as its note. The unified stages make
// them already; everything else makes them with `problem`. A command that cannot
// go on throws a ZineError holding every problem found, and `formatProblem`
// prints each the same way: "file:line:column: error: reason" and "  fix: …".
import { VFileMessage } from 'vfile-message';

/** Where a problem is and what to do about it. */
export interface ProblemPlace {
  /** The file as shown to the user (relative to the working folder where possible). */
  file?: string;
  line?: number;
  column?: number;
  /** What to do next, printed on its own "fix:" line. */
  fix?: string;
}

/** A problem as a vfile message: an error unless `warning` is set. */
export function problem(reason: string, { file, line, column, fix }: ProblemPlace = {}, { warning = false } = {}): VFileMessage {
  const message = new VFileMessage(reason, { place: line ? { line, column: column ?? 0 } : undefined, source: 'zinepress' });
  // VFileMessage counts a missing column as undefined, never 0.
  if (!column) message.column = undefined;
  message.file = file ?? '';
  message.fatal = !warning;
  message.note = fix;
  return message;
}

/** What stops a command: every problem found in one go. Exit status 1, or 2 for a command line that cannot run. */
export class ZineError extends Error {
  readonly problems: VFileMessage[];
  readonly exitCode: 1 | 2;

  constructor(problems: VFileMessage[], { exitCode = 1 as 1 | 2, cause }: { exitCode?: 1 | 2; cause?: unknown } = {}) {
    super(problems.map((p) => p.reason).join('\n'), cause === undefined ? undefined : { cause });
    this.name = 'ZineError';
    this.problems = problems;
    this.exitCode = exitCode;
  }

  /** The first problem's fix (most errors hold one problem). */
  get hint(): string | undefined {
    return this.problems[0]?.note;
  }

  /** The first problem's file. */
  get file(): string {
    return this.problems[0]?.file ?? '';
  }

  /** The first problem's line. */
  get line(): number | undefined {
    return this.problems[0]?.line;
  }
}

/** Stop with one problem. */
export function fail(reason: string, place: ProblemPlace = {}, options: { cause?: unknown } = {}): never {
  throw new ZineError([problem(reason, place)], options);
}

/** Stop because the command line cannot be run as written (exit status 2). */
export function usageError(reason: string): never {
  throw new ZineError([problem(reason)], { exitCode: 2 });
}

/** Throw a ZineError when any of `problems` is an error (warnings alone let the build go on). */
export function throwIfErrors(problems: readonly VFileMessage[]): void {
  if (problems.some((p) => p.fatal)) throw new ZineError(problems.filter((p) => p.fatal));
}

/** "file:line:column: error: reason", then "  fix: …" when the problem says what to do. */
export function formatProblem(message: VFileMessage): string {
  const where = message.line ? `:${message.line}${message.column ? `:${message.column}` : ''}` : '';
  const at = message.file ? `${message.file}${where}: ` : '';
  const fix = message.note ? `\n  fix: ${message.note}` : '';
  return `${at}${message.fatal ? 'error' : 'warning'}: ${message.reason}${fix}`;
}

/** Every problem of an error, one after the other, and how many there are when more than one. */
export function formatError(error: ZineError): string {
  const lines = error.problems.map(formatProblem);
  if (error.problems.length > 1) lines.push(`${error.problems.length} errors`);
  return lines.join('\n');
}
