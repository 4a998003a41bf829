// The errors a user can cause, and how they are printed: file, line, what to do.

/** A problem in a zine's sources: names the file and line and says how to fix it. */
export class ContentError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ContentError';
  }
}

/** A command line that cannot be run as written (exit status 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure of the machinery (browser, disk), not of the content (exit status 1). */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

/** "file:line: error: message" plus an indented "fix:" line when there is a hint. */
export function formatError(error: ContentError | BuildError): string {
  const where = error instanceof ContentError ? `${error.file}${error.line ? `:${error.line}` : ''}: ` : '';
  const hint = error.hint ? `\n  fix: ${error.hint}` : '';
  return `${where}error: ${error.message}${hint}`;
}
