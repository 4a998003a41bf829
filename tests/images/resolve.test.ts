import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveImagePath } from '../../scripts/images/resolve.ts';
import { ZineError } from '../../scripts/errors.ts';

let root: string;
let zineDir: string;

beforeAll(() => {
  // content/<zine>/images/ inside a temp dir, with a neighbour zine and some traps.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'zinepress-resolve-'));
  zineDir = path.join(root, 'content', 'avant-la-reunion');
  fs.mkdirSync(path.join(zineDir, 'images', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(root, 'content', 'other-zine'), { recursive: true });
  fs.writeFileSync(path.join(zineDir, 'images', 'map.png'), 'png');
  fs.writeFileSync(path.join(zineDir, 'images', 'sub', 'my photo #1.jpg'), 'jpg');
  fs.writeFileSync(path.join(zineDir, 'images', '..hidden.png'), 'png');
  fs.writeFileSync(path.join(root, 'content', 'other-zine', 'secret.jpg'), 'jpg');
  fs.symlinkSync('/etc/hostname', path.join(zineDir, 'images', 'host.jpg'));
  fs.symlinkSync(path.join(root, 'content', 'other-zine'), path.join(zineDir, 'images', 'elsewhere'));
  fs.symlinkSync(path.join(zineDir, 'images', 'map.png'), path.join(zineDir, 'images', 'alias.png'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function refusal(src: string): ZineError {
  try {
    resolveImagePath(zineDir, src);
  } catch (error) {
    expect(error).toBeInstanceOf(ZineError);
    const pathError = error as ZineError;
    expect(pathError.file).toBe(src);
    expect(pathError.hint).toMatch(/^copy the image into content\/avant-la-reunion\/images\/ and write !\[…\]\(images\/.+\)$/);
    return pathError;
  }
  throw new Error(`resolveImagePath accepted ${src}`);
}

describe('resolveImagePath', () => {
  it('returns the real absolute path of an image inside the zine', () => {
    const expected = fs.realpathSync(path.join(zineDir, 'images', 'map.png'));
    expect(resolveImagePath(zineDir, 'images/map.png')).toBe(expected);
    expect(resolveImagePath(zineDir, './images/map.png')).toBe(expected);
    expect(resolveImagePath(zineDir, 'images/sub/../map.png')).toBe(expected);
    expect(resolveImagePath(zineDir, 'images/map.png?v=2#top')).toBe(expected);
    expect(resolveImagePath(zineDir, 'images/..hidden.png')).toBe(fs.realpathSync(path.join(zineDir, 'images', '..hidden.png')));
  });

  it('decodes %20 and %23 before looking for the file', () => {
    const expected = fs.realpathSync(path.join(zineDir, 'images', 'sub', 'my photo #1.jpg'));
    expect(resolveImagePath(zineDir, 'images/sub/my%20photo%20%231.jpg')).toBe(expected);
  });

  it('follows a symlink that stays inside the zine', () => {
    expect(resolveImagePath(zineDir, 'images/alias.png')).toBe(fs.realpathSync(path.join(zineDir, 'images', 'map.png')));
  });

  it.each([
    'http://example.org/photo.jpg',
    'https://tracker.example/pixel.png',
    'HTTPS://EXAMPLE.ORG/A.JPG',
    '//example.org/photo.jpg',
    '\\\\server\\share\\photo.jpg',
    'ftp://example.org/photo.jpg',
    'file:///etc/hostname',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
    'http%3A%2F%2Fexample.org%2Fa.jpg',
  ])('refuses the URL %s', (src) => {
    expect(refusal(src).message).toMatch(/not a file in the zine folder/);
  });

  it('suggests the file name in the hint', () => {
    expect(refusal('https://example.org/photos/march.jpg').hint).toBe(
      'copy the image into content/avant-la-reunion/images/ and write ![…](images/march.jpg)',
    );
  });

  it.each(['/etc/hostname', '%2Fetc%2Fhostname', 'C:\\Users\\me\\photo.jpg'])('refuses the absolute path %s', (src) => {
    expect(refusal(src).message).toMatch(/absolute|not a file in the zine folder/);
  });

  it.each(['../other-zine/secret.jpg', 'images/../../other-zine/secret.jpg', '..%2Fother-zine%2Fsecret.jpg', '..'])(
    'refuses the escape %s',
    (src) => {
      expect(refusal(src).message).toMatch(/leaves the zine folder/);
    },
  );

  it('refuses a symlink to a file outside the zine (/etc/hostname)', () => {
    expect(refusal('images/host.jpg').message).toMatch(/link to a file outside/);
  });

  it('refuses a path through a symlinked folder outside the zine', () => {
    expect(refusal('images/elsewhere/secret.jpg').message).toMatch(/link to a file outside/);
  });

  it('refuses a missing file and says where it looked', () => {
    expect(refusal('images/nope.jpg').message).toMatch(/does not exist \(looked for .*images\/nope\.jpg\)/);
  });

  it('refuses a folder', () => {
    expect(refusal('images/sub').message).toMatch(/is a folder/);
  });

  it('refuses the zine folder itself, empty paths, broken escapes and NUL', () => {
    expect(refusal('.').message).toMatch(/leaves the zine folder/);
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('images/%E0%A4%A.jpg').message).toMatch(/broken %-escape/);
    expect(refusal('images/map.png%00.jpg').message).toMatch(/NUL/);
  });
});
