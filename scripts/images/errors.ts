// An image zinepress cannot read, will not print or refuses to follow is a
// problem like any other: a ZineError naming the image and what to do next.
import { problem, ZineError } from '../errors.ts';

/** The problem of one image: `file` is the image as named (its path, or the src as written). */
export function imageError(message: string, { file, hint, cause }: { file: string; hint: string; cause?: unknown }): ZineError {
  return new ZineError([problem(message, { file, fix: hint })], { cause });
}
