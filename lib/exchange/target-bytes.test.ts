import { expect, test } from 'vitest';
import { percentEncodeTargetBytes, percentEncodeTargetText } from './target-bytes';

test('a target read as text encodes each non-ASCII character as its UTF-8 bytes, and controls; printable ASCII stays', () => {
  expect(percentEncodeTargetText('/café?naïve=1')).toBe('/caf%C3%A9?na%C3%AFve=1');
  expect(percentEncodeTargetText('/a\tb\u007f/😀')).toBe('/a%09b%7F/%F0%9F%98%80');
  expect(percentEncodeTargetText('/a b/"c"/%41')).toBe('/a b/"c"/%41');
});

test('a target read as bytes (latin1) encodes each byte outside printable ASCII, so raw UTF-8 gives what text gives', () => {
  expect(percentEncodeTargetBytes(Buffer.from('/café?naïve=1', 'utf8').toString('latin1'))).toBe('/caf%C3%A9?na%C3%AFve=1');
  expect(percentEncodeTargetBytes('/a\tb\u00ff')).toBe('/a%09b%FF');
  expect(percentEncodeTargetBytes('/plain')).toBe('/plain');
});
