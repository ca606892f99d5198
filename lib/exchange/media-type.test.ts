import { expect, test } from 'vitest';
import { recordedContentType } from './media-type';

test('a bare media type is kept as it came', () => {
  expect(recordedContentType('application/json')).toBe('application/json');
});

test('charset is kept, every other parameter dropped', () => {
  expect(recordedContentType('application/json; charset=utf-8')).toBe('application/json; charset=utf-8');
  expect(recordedContentType('application/json; token=CANARYsk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('application/json');
  expect(recordedContentType('text/plain;api_key=CANARY1;charset="UTF-8"')).toBe('text/plain; charset=UTF-8');
  expect(recordedContentType('multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW')).toBe('multipart/form-data');
});

test('a charset that is no charset name is dropped', () => {
  expect(recordedContentType('application/json; charset=CANARY secret')).toBe('application/json');
  expect(recordedContentType('; charset=utf-8')).toBeUndefined();
});

test('a value that is no media type is not kept', () => {
  expect(recordedContentType('application/json token=CANARY')).toBeUndefined();
  expect(recordedContentType('')).toBeUndefined();
});
