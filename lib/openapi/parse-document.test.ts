import { describe, expect, test } from 'vitest';
import { parseSpecText } from './parse-document';

const MINIMAL = '{"openapi":"3.0.3","info":{"title":"bom","version":"1"},"paths":{}}';

describe('parseSpecText', () => {
  test('a JSON spec behind a UTF-8 byte order mark parses, like the same spec in YAML', () => {
    expect(parseSpecText(`\uFEFF${MINIMAL}`)).toEqual({ ok: true, value: { openapi: '3.0.3', info: { title: 'bom', version: '1' }, paths: {} } });
  });
});
