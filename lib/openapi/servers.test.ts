import { expect, test } from 'vitest';
import { canonicalHost, resolveServers } from './servers';

test('server variables expand to every enum value, else to the default', () => {
  expect(
    resolveServers([
      { url: 'https://{region}.api.example.com:{port}/{basePath}', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, port: { default: '443' }, basePath: { default: 'v2' } } },
    ]),
  ).toEqual([
    { host: 'eu.api.example.com', basePath: '/v2' },
    { host: 'us.api.example.com', basePath: '/v2' },
  ]);
});

test('relative, root and missing servers', () => {
  expect(resolveServers([{ url: '/api/v1/' }])).toEqual([{ basePath: '/api/v1' }]);
  expect(resolveServers([{ url: 'https://api.stripe.com/' }])).toEqual([{ host: 'api.stripe.com', basePath: '' }]);
  expect(resolveServers(undefined)).toEqual([{ basePath: '' }]);
  expect(resolveServers([{ url: 'http://localhost:8080' }])).toEqual([{ host: 'localhost:8080', basePath: '' }]);
});

test('request hosts drop default ports and case', () => {
  expect([canonicalHost('API.Example.com:443'), canonicalHost('api.example.com:8443'), canonicalHost('[2001:db8::1]:80'), canonicalHost(undefined)]).toEqual([
    'api.example.com',
    'api.example.com:8443',
    '[2001:db8::1]',
    undefined,
  ]);
});
