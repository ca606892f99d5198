import { expect, test } from 'vitest';
import { detectSegmentType } from './segment-types';
import { abstractSegment, isPlaceholder, parsePlaceholder } from './typed-segment';

test('identifier shapes are typed', () => {
  const cases: Array<[string, string | undefined]> = [
    ['42', 'int'],
    ['-7', 'int'],
    ['1700000000', 'int'],
    ['2024-01-05', 'date'],
    ['2024-01-05T10:00:00Z', 'date'],
    ['550e8400-e29b-41d4-a716-446655440000', 'uuid'],
    ['507f1f77bcf86cd799439011', 'objectid'],
    ['a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', 'hex'],
    ['bob@example.com', 'email'],
    ['4.17.21', 'version'],
    ['cus_9s6XKzkNRiz8i3', 'token'],
    ['NjpTwgmENj11rGdUgpCQ9', 'token'],
    // ULIDs by shape; before, one whose random part is a long run of letters was left a literal.
    ['01ARZ3NDEKTSVQRRFFQWXGHFAV', 'token'],
    ['01arz3ndektsvqrrffqwxghfav', 'token'],
    ['01HV5Z8M3QK9WJ2RXT4N6PBCDE', 'token'],
  ];
  expect(cases.map(([s]) => [s, detectSegmentType(s)])).toEqual(cases);
});

test('eight digits are a date only when they spell one', () => {
  // Before: every eight-digit number was a `date`, so `/orders/12345678` was `/orders/{date}`.
  for (const s of ['20240115', '19991231', '20240229']) expect([s, detectSegmentType(s)]).toEqual([s, 'date']);
  for (const s of ['12345678', '87654321', '20241301', '20230229', '20240132', '00000001', '99991231']) expect([s, detectSegmentType(s)]).toEqual([s, 'int']);
});

test('a registry content digest is a hash', () => {
  // Before: a literal, so each image pulled added `/v2/library/ubuntu/blobs/sha256:…` with its digest as an endpoint.
  const digest = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  for (const s of [digest, digest.toUpperCase().replace('SHA256', 'sha256'), `sha512:${'ab12'.repeat(32)}`]) expect([s, detectSegmentType(s)]).toEqual([s, 'hex']);
  for (const s of ['sha256', 'sha256:latest', 'nginx:1.25', 'ubuntu:22.04']) expect([s, detectSegmentType(s)]).toEqual([s, undefined]);
});

test('IP addresses are typed, versions and times are not', () => {
  // Before: literals, so a geo-IP or abuse API (`/8.8.8.8/json`) had one endpoint per address looked up.
  for (const s of ['8.8.8.8', '10.0.3.4', '255.255.255.255', '2001:db8::1', '::1', '::ffff:192.0.2.1', '2001:0db8:85a3:0000:0000:8a2e:0370:7334']) {
    expect([s, detectSegmentType(s)]).toEqual([s, 'ip']);
  }
  for (const [s, type] of [['256.1.1.1', undefined], ['01.2.3.4', undefined], ['10.0.19041.1234', undefined], ['4.17.21', 'version'], ['12:34:56', undefined], ['nginx:latest', undefined], ['1:2::3:4:5:6:7:8:9', undefined]]) {
    expect([s, detectSegmentType(s!)]).toEqual([s, type]);
  }
});

test('retina asset names are no e-mail segments, as in bodies', () => {
  // Before: `/img/logo@2x.png` became `/img/{email}`.
  for (const s of ['logo@2x.png', 'icon@3x.webp', 'app@1.5x.css', 'hero@2x.jpeg']) expect([s, detectSegmentType(s)]).toEqual([s, undefined]);
  expect(abstractSegment('logo@2x.png', new Set())).toBe('logo@2x.png');
  expect(detectSegmentType('ops@example.png.io')).toBe('email');
  expect(detectSegmentType("o'brien@example.com")).toBe('email');
});

test('words, slugs and API structure are not typed', () => {
  for (const s of ['users', 'hello-world', 'octocat', 'list_by_owner', 'createCustomerSource', '3d_secure', 'deadbeef', 'v1', 'x86_64', 'utf-8', 'sha256', '01ARZ3NDEKTSVQRRFFQWXGHFAI', '81ARZ3NDEKTSVQRRFFQWXGHFAV', '01ARZ3NDEKTSVQRRFFQWXGHFA']) {
    expect([s, detectSegmentType(s)]).toEqual([s, undefined]);
  }
});

test('protected literals stay literal even when they look like values; suffixes are kept apart', () => {
  expect(abstractSegment('1.41', new Set(['1.41']))).toBe('1.41');
  expect(parsePlaceholder(abstractSegment('1.41', new Set()))).toEqual({ type: 'version', suffix: '', prefix: '' });
  expect(abstractSegment('v1.41', new Set())).toBe('v1.41');
  expect(parsePlaceholder(abstractSegment('1234.json', new Set()))).toEqual({ type: 'int', suffix: '.json', prefix: '' });
  expect(abstractSegment('info.0.json', new Set())).toBe('info.0.json');
  expect(abstractSegment('me', new Set())).toBe('me');
});

test('a name written in words and numbers is no token, a random piece among them makes one', () => {
  // Before: Google's `googlelogo_light_color_272x92dp.png` was a token from one request, because only the longest
  // letter run was weighed against the whole length (10 letters of 31), not what the pieces are.
  for (const s of ['googlelogo_light_color_272x92dp.png', 'googlelogo_light_color_272x92dp', 'logo_2x_final_v3.png', 'Report_Q3_2024_Final.pdf']) {
    expect([s, abstractSegment(s, new Set())]).toEqual([s, s]);
  }
  // Pods, content-hashed assets and nanoids keep a random piece, numbers with a label are mostly digits: still tokens.
  for (const s of ['IMG_20240101_123456.jpg', 'order-20240101-000123', 'web-7d4b9c8f6d-x2x9k', 'prometheus-kube-prometheus-operator-7d4b9c8f6d-x2x9k', 'nightly-backup-28391234-qz7wd', 'kube-proxy-x7k2m9', 'main.8f3a2b1c.js', 'chunk-vendors.4b2c8d1e.js', 'index-BqX3kL9a.js', 'V1StGXR8_Z5jdHi6B-myT']) {
    const a = abstractSegment(s, new Set());
    expect([s, isPlaceholder(a) ? parsePlaceholder(a).type : a]).toEqual([s, 'token']);
  }
});

test('a language with its script and no region is a locale (`zh-Hans`, `sr-Latn`), a word of that shape is not', () => {
  // Before: `/translations/zh-Hans` stayed a literal beside `/translations/{locale}` for `en-GB` and `pt-BR`.
  for (const s of ['zh-Hans', 'zh-Hant', 'sr-Latn', 'sr-Cyrl', 'uz-Latn', 'az-Cyrl', 'pa-Guru', 'en-GB', 'zh-Hans-CN']) expect([s, detectSegmentType(s)]).toEqual([s, 'locale']);
  for (const s of ['co-Op', 'en-Test', 'to-Do', 'zh-hans', 'ZH-Hans', 'add-Ons']) expect([s, detectSegmentType(s)]).toEqual([s, undefined]);
});
