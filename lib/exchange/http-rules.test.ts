import { expect, test } from 'vitest';
import { absoluteForm } from './http-rules';

test('absoluteForm splits what a forward proxy is sent, and only that', () => {
  expect(absoluteForm('http://Shop.test:8080/a/b?x=1#f')).toEqual({ scheme: 'http', authority: 'Shop.test:8080', rest: '/a/b?x=1#f' });
  expect(absoluteForm('HTTPS://u:p@api.test')).toEqual({ scheme: 'https', authority: 'u:p@api.test', rest: '/' });
  expect(absoluteForm('http://api.test?x=1')).toEqual({ scheme: 'http', authority: 'api.test', rest: '/?x=1' });
  // Origin-form (even with a URL in its query), authority-form (CONNECT), asterisk-form and junk are not.
  for (const t of ['/a?next=http://x/y', 'api.test:443', '*', 'http:/x', '://x', '1http://x/', 'verylongscheme://x/']) expect(absoluteForm(t)).toBeUndefined();
});
