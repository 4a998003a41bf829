/** A Markdown image path zinepress refuses to follow; `hint` says what to write instead. */
export class ImagePathError extends Error {
  readonly hint: string;
  readonly src: string;

  constructor(message: string, { src, hint }: { src: string; hint: string }) {
    super(message);
    this.name = 'ImagePathError';
    this.src = src;
    this.hint = hint;
  }
}

/** An image file zinepress cannot read or will not print; names the file and what to do next. */
export class ImageError extends Error {
  readonly hint: string;
  readonly file: string;

  constructor(message: string, { file, hint, cause }: { file: string; hint: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ImageError';
    this.file = file;
    this.hint = hint;
  }
}
