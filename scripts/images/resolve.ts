import fs from 'node:fs';
import path from 'node:path';
import { imageError } from './errors.ts';

/** Resolves a Markdown image `src` to the absolute real path of a file inside `zineDir`, or throws a ZineError naming the src. */
export function resolveImagePath(zineDir: string, src: string): string {
  const zineName = path.basename(path.resolve(zineDir));
  const refuse = (message: string, fileName = guessFileName(src)): never => {
    throw imageError(message, {
      file: src,
      hint: `copy the image into content/${zineName}/images/ and write ![…](images/${fileName})`,
    });
  };

  const raw = src.trim();
  if (raw === '') refuse('the image has an empty path');
  // Anything with a scheme (http:, https:, ftp:, file:, data:, javascript:, C:) or a
  // network path (//host, \\host) would make the renderer fetch or read something
  // outside the zine: a request can reveal who builds the zine, and when.
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || /^[/\\]{2}/.test(raw)) {
    refuse(`the image "${shorten(raw)}" is not a file in the zine folder (remote or data: URLs are not allowed)`);
  }

  // Markdown image paths are URLs: drop ?query and #hash, then decode %20 and friends.
  const withoutSuffix = raw.replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutSuffix);
  } catch {
    return refuse(`the image path "${shorten(raw)}" has a broken %-escape`);
  }
  if (decoded.includes('\0')) refuse(`the image path "${shorten(raw)}" contains a NUL character`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || /^[/\\]{2}/.test(decoded)) {
    refuse(`the image "${shorten(raw)}" is not a file in the zine folder (remote or data: URLs are not allowed)`);
  }
  if (path.isAbsolute(decoded) || decoded.startsWith('\\') || path.win32.isAbsolute(decoded)) {
    refuse(`the image path "${shorten(raw)}" is absolute; it must be relative to the zine folder`);
  }

  let zineReal: string;
  try {
    zineReal = fs.realpathSync(zineDir);
  } catch {
    return refuse(`the zine folder ${zineDir} does not exist`);
  }
  const candidate = path.resolve(zineReal, decoded);
  if (!isInside(zineReal, candidate)) {
    refuse(`the image path "${shorten(raw)}" leaves the zine folder`);
  }

  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return refuse(`the image "${shorten(raw)}" does not exist (looked for ${candidate})`);
  }
  // A symlink may point anywhere; only its target counts.
  if (!isInside(zineReal, real)) {
    refuse(`the image "${shorten(raw)}" is a link to a file outside the zine folder`);
  }
  if (!fs.statSync(real).isFile()) {
    refuse(`the image "${shorten(raw)}" is a folder, not an image file`);
  }
  return real;
}

function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return (
    relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
  );
}

function guessFileName(src: string): string {
  const last = src.replace(/[?#].*$/s, '').split(/[/\\]/).pop() ?? '';
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep the raw name
  }
  return /^[\w .()-]{1,80}\.[a-z0-9]{2,5}$/i.test(decoded) ? decoded.replace(/ /g, '%20') : 'name.jpg';
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
