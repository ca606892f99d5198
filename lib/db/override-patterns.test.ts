import { describe, expect, test } from 'vitest';
import { ignoringOverride, mergedTemplate, pathPrefixProblem, patternProblem, splitRemoves, type StoredOverride } from './override-patterns';
import { ownerTeamFor, ownershipRuleInputSchema } from './ownership';
import { diffOperations } from './spec-diff';

const o = (action: StoredOverride['action'], pattern: string, extra: Partial<StoredOverride> = {}): StoredOverride => ({ id: `${action}:${pattern}`, action, pattern, ...extra });

describe('merge overrides on stored templates', () => {
  test('a prefix rule: parameter positions become parameters, deeper segments are kept', () => {
    const merges = [o('merge', '/repos/{owner}/{repo}')];
    expect(mergedTemplate(merges, 'h', 'GET', '/repos/torvalds/linux')).toBe('/repos/{owner}/{repo}');
    expect(mergedTemplate(merges, 'h', 'GET', '/repos/torvalds/linux/issues/{issueId}')).toBe('/repos/{owner}/{repo}/issues/{issueId}');
    expect(mergedTemplate(merges, 'h', 'GET', '/repos/torvalds')).toBe('/repos/torvalds');
    expect(mergedTemplate(merges, 'h', 'GET', '/users/torvalds/linux')).toBe('/users/torvalds/linux');
  });

  test('`*` takes its name from the collection before it; a merged template is a fixed point', () => {
    const merges = [o('merge', '/carts/*/items/*')];
    expect(mergedTemplate(merges, 'h', 'GET', '/carts/abc/items/9')).toBe('/carts/{cartId}/items/{itemId}');
    expect(mergedTemplate(merges, 'h', 'GET', '/carts/{cartId}/items/{itemId}')).toBe('/carts/{cartId}/items/{itemId}');
  });

  test('host and method restrict an override; `*` means any', () => {
    const merges = [o('merge', '/a/{x}', { host: 'one.example', method: 'POST' })];
    expect(mergedTemplate(merges, 'one.example', 'POST', '/a/1')).toBe('/a/{x}');
    expect(mergedTemplate(merges, 'two.example', 'POST', '/a/1')).toBe('/a/1');
    expect(mergedTemplate(merges, 'one.example', 'GET', '/a/1')).toBe('/a/1');
    expect(mergedTemplate([o('merge', '/a/{x}', { host: '*', method: '*' })], 'any', 'GET', '/a/1')).toBe('/a/{x}');
  });
});

describe('ignore and split', () => {
  test('ignore matches whole templates; a trailing ** matches everything below', () => {
    const ignores = [o('ignore', '/health'), o('ignore', '/static/**')];
    expect(ignoringOverride(ignores, 'h', 'GET', '/health')?.id).toBe('ignore:/health');
    expect(ignoringOverride(ignores, 'h', 'GET', '/health/deep')).toBeUndefined();
    expect(ignoringOverride(ignores, 'h', 'GET', '/static/js/{file}')?.id).toBe('ignore:/static/**');
    expect(ignoringOverride([o('merge', '/health')], 'h', 'GET', '/health')).toBeUndefined();
  });

  test('split removes a template only where it has a parameter in place of the literal', () => {
    const split = o('split', '/users/search');
    expect(splitRemoves(split, 'h', 'GET', '/users/{userId}')).toBe(true);
    expect(splitRemoves(split, 'h', 'GET', '/users/{userId}/orders')).toBe(true);
    expect(splitRemoves(split, 'h', 'GET', '/users/search')).toBe(false);
    expect(splitRemoves(split, 'h', 'GET', '/users/me')).toBe(false);
    expect(splitRemoves(split, 'h', 'GET', '/users')).toBe(false);
  });

  test('patterns with ** in the middle or no segments are refused', () => {
    expect(patternProblem('/a/**/b')).toBe('`**` may only be the last segment');
    expect(patternProblem('/')).toBe('pattern has no segments');
    expect(patternProblem('/a/**')).toBeUndefined();
  });

  test('a pattern carrying a credential (a query, a key=value segment, a token) is refused, naming the position only', () => {
    const refused = ['/dl/x?token=CANARY1', '/v1/key=CANARY2/**', '/reset/Kx7pQ2mZ', '/hooks/sk_live_CANARY3abcdefghijkl'];
    const problems = refused.map(patternProblem);
    expect(problems).toEqual([
      'a pattern is a path: leave out the query string and fragment',
      'segment 2 looks like a credential or personal data: write it as * or {name}',
      'segment 2 looks like a credential or personal data: write it as * or {name}',
      'segment 2 looks like a credential or personal data: write it as * or {name}',
    ]);
    expect(['/reset/{code}', '/users/search', '/api/v2/orders/**', '/carriers/dhl/labels'].map(patternProblem)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

test("a pattern's and a prefix's segments are judged decoded, with the literals before them, as templates and example paths judge a request's", () => {
  // Until 7 Dec the escapes themselves were judged (a document's name with `%20` was refused as a credential) and only
  // the one literal before a segment was read (Zapier's `/hooks/catch/<id>/<key>` was taken).
  const names = ['/files/My%20Document%20v2.pdf', '/reports/Quarterly%20Report%202024%20Final%20v3.pdf/**', '/drive/Meeting%20Notes%20-%20McDonald%20Account%202024.pdf'];
  expect(names.map((p) => [p, patternProblem(p), pathPrefixProblem(p)])).toEqual(names.map((p) => [p, undefined, undefined]));
  const secrets = ['/s/Kx7pQ2mZ%2Fa9Lm3Qp8Zr5Tn', '/s/Kx7pQ2mZ%3Aa9Lm3Qp8Zr5Tn', '/hooks/catch/123456/abc1de', '/hooks/catch/123456/ab%63de', '/v1/%6Bey%3DCANARY2'];
  const at = (problem: string | undefined) => /^segment (\d+) looks like a credential/.exec(problem ?? '')?.[1];
  expect(secrets.map((p) => [p, at(patternProblem(p)), at(pathPrefixProblem(p))])).toEqual(secrets.map((p) => [p, String(p.split('/').length - 1), String(p.split('/').length - 1)]));
});

test("an ownership rule's path prefix carrying a credential is refused as an override's pattern is, naming the position only", () => {
  // Until 6 Dec a prefix pasted from a URL (`/dl/x?token=…`, a webhook's key) was stored, audited and listed as typed,
  // and, with its query, never matched an endpoint anyway.
  const refused = ['/dl/x?token=CANARY1', '/v1/key=CANARY2', '/hooks/sk_live_CANARY3abcdefghijkl', '/download/9eab75dfdb98913179ad73fdc878281175b4ac1a'];
  const issues = refused.map((pathPrefix) => ownershipRuleInputSchema.safeParse({ pathPrefix, team: 'shop' }).error?.issues.map((i) => [i.path.join('.'), i.message]));
  expect(issues).toEqual([
    [['pathPrefix', 'a path prefix is a path: leave out the query string and fragment']],
    [['pathPrefix', 'segment 2 looks like a credential or personal data: leave it out of the prefix']],
    [['pathPrefix', 'segment 2 looks like a credential or personal data: leave it out of the prefix']],
    [['pathPrefix', 'segment 2 looks like a credential or personal data: leave it out of the prefix']],
  ]);
  for (const pathPrefix of ['/', '/orders', '/api/v2/orders', '/repos/acme/api/commits']) expect(ownershipRuleInputSchema.safeParse({ pathPrefix, team: 'shop' }).success).toBe(true);
});

describe('ownership rules', () => {
  const rules = [
    { host: '*', pathPrefix: '/', teamId: 'platform' },
    { host: '*', pathPrefix: '/billing', teamId: 'finance' },
    { host: 'tools.example', pathPrefix: '/billing', teamId: 'tools' },
  ];
  test('longest prefix on segment boundaries; exact host beats * at equal length', () => {
    expect(ownerTeamFor(rules, 'x.example', '/billing/invoices')).toBe('finance');
    expect(ownerTeamFor(rules, 'x.example', '/billingx')).toBe('platform');
    expect(ownerTeamFor(rules, 'tools.example', '/billing')).toBe('tools');
    expect(ownerTeamFor([], 'x.example', '/a')).toBeNull();
  });
});

describe('spec version diff', () => {
  const op = (method: string, path: string, deprecated = false) => ({ method, path, deprecated });
  test('renamed parameters are not changes; added, removed and newly deprecated are listed', () => {
    const diff = diffOperations({ id: 's1', version: '1', operations: [op('GET', '/a/{id}'), op('GET', '/b'), op('POST', '/c', true)] }, [
      op('GET', '/a/{aId}', true),
      op('POST', '/c', true),
      op('GET', '/d'),
    ]);
    expect(diff).toEqual({
      previousSpecId: 's1',
      previousVersion: '1',
      added: [{ method: 'GET', path: '/d' }],
      removed: [{ method: 'GET', path: '/b' }],
      newlyDeprecated: [{ method: 'GET', path: '/a/{aId}' }],
      moved: [],
    });
    expect(diffOperations(null, [op('GET', '/x')]).added).toEqual([{ method: 'GET', path: '/x' }]);
  });

  test('a trailing slash dropped (or added) is no change: the same requests call the operation', () => {
    // Before: every Django-style `/users/{id}/` was listed as removed and `/users/{id}` as added.
    const diff = diffOperations({ id: 's1', version: '1', operations: [op('GET', '/users/{id}/'), op('GET', '/'), op('DELETE', '/users/{id}/')] }, [
      op('GET', '/users/{userId}'),
      op('GET', '/'),
      op('DELETE', '/users/{id}', true),
    ]);
    expect([diff.added, diff.removed, diff.newlyDeprecated]).toEqual([[], [], [{ method: 'DELETE', path: '/users/{id}' }]]);
  });
});

test('stored overrides and ownership prefixes read an escaped literal as templates spell it', () => {
  // Until 7 Dec `/files/My%20Document%20v2.pdf` (accepted since 7 Dec, judged decoded) matched no stored template:
  // templates keep `My Document v2.pdf`.
  const ignore = (pattern: string): StoredOverride => ({ id: 'o', action: 'ignore', pattern });
  expect(ignoringOverride([ignore('/files/My%20Document%20v2.pdf')], 'a.test', 'GET', '/files/My Document v2.pdf')).toBeDefined();
  expect(ignoringOverride([ignore('/files/a%2fb')], 'a.test', 'GET', '/files/a%2Fb')).toBeDefined();
  // Near miss: `%2F` is no segment break.
  expect(ignoringOverride([ignore('/files/a%2Fb')], 'a.test', 'GET', '/files/a/b')).toBeUndefined();
  expect(ownerTeamFor([{ host: '*', pathPrefix: '/teams/Team%20A', teamId: 'a' }], 'a.test', '/teams/Team A/reports')).toBe('a');
});
