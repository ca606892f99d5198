import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

function shadows(paths: string[]): string[] {
  const engine = createDiscoveryEngine({ specs: [] });
  for (const path of paths) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path, status: 200 } satisfies Exchange);
  return engine.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((e) => `${e.path} ${e.requests}`);
}

const REPOS = [['octocat', 'hello-world'], ['torvalds', 'linux'], ['facebook', 'react']];

/** A GitHub client's look at a few repositories: the repository, its issues and pulls, a commit, its README, … */
function github(repos: string[][]): string[] {
  return repos.flatMap(([owner, repo], i) => {
    const r = `/repos/${owner}/${repo}`;
    return [
      r, r, `${r}/issues`, `${r}/issues/${100 + i}`, `${r}/issues/${200 + i}`, `${r}/pulls`, `${r}/pulls/${300 + i}`, `${r}/commits/9fceb02d0ae598e95dc970b74767f19372d61a${i}${i}`,
      `${r}/contents/README.md`, `${r}/git/refs/heads/main`, `${r}/releases/latest`, `${r}/branches/main`,
    ];
  });
}

const TEMPLATES = [
  '', '/branches/main', '/commits/{commitId}', '/contents/README.md', '/git/refs/heads/main', '/issues', '/issues/{issueId}', '/pulls', '/pulls/{pullId}', '/releases/latest',
];

test('owners whose repositories share their sub-resources are one parameter, and the sub-resources stay apart', () => {
  // Before: owners were no values (each leads to a repository of its own name, itself an endpoint), so each
  // repository was a tree of its own, and there its sub-resources, five or more called once or twice, merged into one
  // parameter: `/repos/octocat/hello-world/{helloWorldId}/{param}` for issues, pulls and commits alike.
  expect(shadows(github(REPOS)).map((s) => s.split(' ')[0])).toEqual(TEMPLATES.map((t) => `/repos/{repoId}/{param}${t}`));
  // One repository alone: its sub-resources are still no values.
  expect(shadows(github(REPOS.slice(0, 1))).map((s) => s.split(' ')[0])).toEqual(TEMPLATES.map((t) => `/repos/octocat/hello-world${t}`));
});

test("a registry's namespaces whose images share manifests, tags and blobs are one parameter (`/v2/{ns}/{image}/…`)", () => {
  // Before: the registry's own `/v2/_catalog` beside them kept the namespaces from sharing anything, so `library` with
  // three images merged them, and each other namespace with its one image stayed a tree of its own.
  const images = [['library', 'ubuntu'], ['library', 'nginx'], ['library', 'redis'], ['bitnami', 'postgresql'], ['grafana', 'loki'], ['myorg', 'app']];
  const traffic = images.flatMap(([ns, image], i) =>
    [1, 2].flatMap(() => [`/v2/${ns}/${image}/manifests/1.2.${i}`, `/v2/${ns}/${image}/tags/list`, `/v2/${ns}/${image}/blobs/sha256:${'e3b0c442'.repeat(7)}${i}a${i}b${i}c${i}d`]),
  );
  expect(shadows([...traffic, '/v2/', '/v2/_catalog'])).toEqual(['/v2 1', '/v2/_catalog 1', '/v2/{param}/{param2}/blobs/{blobId} 12', '/v2/{param}/{param2}/manifests/{version} 12', '/v2/{param}/{param2}/tags/list 12']);
});

test("a digit or a bare dotted number right after `api` or `rest` is the API's version (`/rest/api/3/…`, `/api/0/…`)", () => {
  // Before: typed an integer wherever it stood, it was a parameter (`/rest/api/{apiId}/issue/{issueId}`), Jira's
  // versions 2 and 3 one endpoint, and Sentry's `/api/0/` an ID.
  const jira = [1, 2, 3].flatMap((k) => [`/rest/api/3/issue/PROJ-${k}`, `/rest/api/2/issue/OPS-${k}`, `/rest/api/3/issue/PROJ-${k}/comment`]);
  const sentry = ['acme', 'globex'].flatMap((org) => [`/api/0/projects/${org}/web/events/`, `/api/0/projects/${org}/web/`]);
  expect(shadows([...jira, ...sentry, '/api/2.0/clusters/list', '/api/2.1/jobs/list'])).toEqual([
    '/api/0/projects/{projectId}/web 2', '/api/0/projects/{projectId}/web/events 2', '/api/2.0/clusters/list 1', '/api/2.1/jobs/list 1',
    '/rest/api/2/issue/{issueId} 3', '/rest/api/3/issue/{issueId} 3', '/rest/api/3/issue/{issueId}/comment 3',
  ]);
});

test("files named by words and numbers are one parameter's values, whichever letters run longest (Font Awesome's `fa-solid-900.woff2`)", () => {
  // Before: `fa-brands-400.woff2` and `fa-solid-900.woff2` were typed random tokens (letters in short runs), while
  // `fa-regular-400.woff2` (a run of seven) stayed a literal of its own: two endpoints for one directory of fonts.
  const fonts = ['fa-brands-400.woff2', 'fa-regular-400.woff2', 'fa-solid-900.woff2'].map((f) => `/webfonts/${f}`);
  expect(shadows(fonts)).toEqual(['/webfonts/{webfontId} 3']);
  expect(shadows(['v18.17.1', 'v20.11.0', 'v21.6.1'].map((v) => `/dist/${v}/node-${v}-linux-x64.tar.gz`))).toEqual(['/dist/{version}/{param} 3']);
});

test("a name with numbers in it beside a collection's IDs is one more item (`/posts/spring-sale-2024` beside `/posts/123`)", () => {
  // Before: alone among IDs it stayed an endpoint of its own, as a file's name did until 6 Dec; a word stays (`search`).
  expect(shadows(['/blog/posts/123', '/blog/posts/124', '/blog/posts/spring-sale-2024', '/blog/posts/search'])).toEqual(['/blog/posts/search 1', '/blog/posts/{postId} 3']);
  expect(shadows(['/api/users/17', '/api/users/18', '/api/users/user42', '/api/users/me', '/api/users/oauth2'])).toEqual(['/api/users/me 1', '/api/users/oauth2 1', '/api/users/{userId} 3']);
});

test("a collection of IDs and a name of the same depth below are no enum's values (Sentry's `/api/0/issues/…`, `/api/0/projects/…`)", () => {
  // Before: paths of one length below each made them values of one parameter: `/api/0/{param}/{param2}/events/latest`.
  const traffic = ['acme', 'globex'].flatMap((org, i) => [`/api/0/projects/${org}/web/events/`, `/api/0/issues/${4200 + i}/events/latest/`]);
  expect(shadows(traffic)).toEqual(['/api/0/issues/{issueId}/events/latest 2', '/api/0/projects/{projectId}/web/events 2']);
});

test("an API's names each followed by many values stay apart, however alike what follows (Wikimedia's `/metrics/pageviews/…`)", () => {
  // The rule that makes owners one parameter (their repositories' sub-resources alike) must not take metrics, each
  // followed by every project asked about, then the same access enum, for values: `/metrics/pageviews/{pageviewId}/…`.
  const projects = ['en', 'de', 'fr', 'es', 'ja', 'it', 'nl', 'pl', 'pt', 'ru', 'sv', 'uk', 'vi', 'zh', 'ar'].map((lang) => `${lang}.wikipedia`);
  const tails: Record<string, string> = { aggregate: 'user/daily/2015100100/2015103100', 'per-article': 'user/Main_Page/daily/2015100100/2015103100', top: '2015/10/all-days' };
  const traffic = Object.entries(tails).flatMap(([metric, tail], m) =>
    projects.slice(5 * m, 5 * m + 5).flatMap((p) => ['all-access', 'desktop', 'mobile-app'].map((a) => `/metrics/pageviews/${metric}/${p}/${a}/${tail}`)),
  );
  expect([...new Set(shadows(traffic).map((s) => s.split('/').slice(0, 4).join('/')))]).toEqual(['/metrics/pageviews/aggregate', '/metrics/pageviews/per-article', '/metrics/pageviews/top']);
});

test("a name beside a collection's IDs that shares their sub-resources is one more item (a static pod's `etcd-minikube/log`)", () => {
  // Before: the name was a word, so it stayed an endpoint tree of its own beside `/pods/{podId}` and `/pods/{podId}/log`.
  const pods = ['web-7d4b9c8f6d-x2x9k', 'web-7d4b9c8f6d-q8wzt', 'coredns-5d78c9869d-8vqzb', 'etcd-minikube'];
  const traffic = pods.flatMap((p) => [`/api/v1/namespaces/kube-system/pods/${p}`, `/api/v1/namespaces/kube-system/pods/${p}/log`]);
  expect(shadows(traffic)).toEqual(['/api/v1/namespaces/kube-system/pods/{podId} 4', '/api/v1/namespaces/kube-system/pods/{podId}/log 4']);
  // A collection's own word with no sub-resource of theirs stays (`search`), and so does one leading elsewhere, or a
  // single word leading to theirs (Stripe's `/v1/credit_notes/preview/lines` beside `/v1/credit_notes/{id}/lines`).
  const own = ['/api/users/17', '/api/users/18/orders', '/api/users/19/orders', '/api/users/search', '/api/users/active/export'];
  expect(shadows(own)).toEqual(['/api/users/active/export 1', '/api/users/search 1', '/api/users/{userId} 1', '/api/users/{userId}/orders 2']);
  const stripe = ['/v1/credit_notes/preview', '/v1/credit_notes/preview/lines', '/v1/credit_notes/cn_1MxvRqLkdIwHu7ix', '/v1/credit_notes/cn_1MxvRqLkdIwHu7iy/lines'];
  expect(shadows(stripe)).toEqual(['/v1/credit_notes/preview 1', '/v1/credit_notes/preview/lines 1', '/v1/credit_notes/{creditNoteId} 1', '/v1/credit_notes/{creditNoteId}/lines 1']);
});

test("an OData entity's key in parentheses is a parameter of its entity set (`/odata/Products(1)`, `Customers('ALFKI')`)", () => {
  // Before: each key was part of a literal segment, so Products and Customers merged into one `/odata/{odataId}`.
  const traffic = [
    ...[1, 2, 42].flatMap((k) => [`/odata/Products(${k})`, `/odata/Products(${k})/Supplier`]),
    ...['ALFKI', 'BONAP', 'ANATR'].flatMap((k) => [`/odata/Customers('${k}')`, `/odata/Customers('${k}')/Orders`]),
    '/odata/Products', '/odata/Customers', '/odata/$metadata',
    '/api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)', '/api/data/v9.2/accounts(00000000-0000-0000-0000-000000000002)',
    '/api/data/v9.2/contacts(00000000-0000-0000-0000-000000000003)',
  ];
  expect(shadows(traffic)).toEqual([
    '/api/data/v9.2/accounts({accountId}) 2', '/api/data/v9.2/contacts({contactId}) 1',
    "/odata/$metadata 1", '/odata/Customers 1', "/odata/Customers('{customerId}') 3", "/odata/Customers('{customerId}')/Orders 3",
    '/odata/Products 1', '/odata/Products({productId}) 3', '/odata/Products({productId})/Supplier 3',
  ]);
  // A title's parenthesised qualifier is no key (`/wiki/Python_(programming_language)`): titles stay values, as names are.
  expect(shadows(['/wiki/Python_(programming_language)', '/wiki/Mercury_(planet)'])).toEqual(['/wiki/{wikiId} 2']);
});

test("a number in parentheses is a key only in an OData path (`/odata/Products(1)`, `Northwind.svc`), not a title's year (`/wiki/Heat(1995)`)", () => {
  // Before: any `Name(1995)` was an entity set and its key, so each film was an endpoint of its own, `/wiki/Heat({heatId})`.
  expect(shadows(['/wiki/Heat(1995)'])).toEqual(['/wiki/Heat(1995) 1']);
  expect(shadows(['/films/Alien(1979)/cast', '/docs/Python(3.12)/tutorial', '/notes/Meeting(2024-01-15)'])).toEqual(['/docs/Python(3.12)/tutorial 1', '/films/Alien(1979)/cast 1', '/notes/Meeting(2024-01-15) 1']);
  // In an OData service the same shapes are keys: its root (`odata`, a `.svc`, SharePoint's `_api`, Dynamics' `api/data`),
  // a system segment (`$value`) or another key says so. A quoted, typed or identifier-shaped key needs none.
  expect(shadows([
    '/V4/Northwind/Northwind.svc/Products(1)', '/odata/v4/Orders(10248)', '/_api/web/lists/getbytitle(%27Docs%27)/items(7)', '/api/Products(3)/$value',
    "/api/Customers('ALFKI')/Orders(10643)", '/api/data/v9.2/incidents(5)', '/api/accounts(00000000-0000-0000-0000-000000000001)',
  ])).toEqual([
    '/V4/Northwind/Northwind.svc/Products({productId}) 1', "/_api/web/lists/getbytitle('{getbytitleId}')/items({itemId}) 1", "/api/Customers('{customerId}')/Orders({orderId}) 1", '/api/Products({productId})/$value 1',
    '/api/accounts({accountId}) 1', '/api/data/v9.2/incidents({incidentId}) 1', '/odata/v4/Orders({orderId}) 1',
  ]);
});

test("values ending a path in one format suffix keep it beside the same values leading further (Twitter's `suggestions/{slug}.json`)", () => {
  // Before: the values followed by `/members.json` have no suffix of their own, so the suffix was no longer shared by
  // every value: `/1.1/users/suggestions/{suggestionId}` for `cascade.go.json` and `keen_badger.json` alike.
  const slugs = ['cascade.go', 'amber_fjord_puffin', 'octocat35', 'keen_badger_newt'];
  const traffic = [...slugs.map((s) => `/1.1/users/suggestions/${s}.json`), ...['sybil', 'jolly-walrus', 'quiet-tapir'].map((s) => `/1.1/users/suggestions/${s}/members.json`)];
  expect(shadows(traffic)).toEqual(['/1.1/users/suggestions/{suggestionId}.json 4', '/1.1/users/suggestions/{suggestionId}/members.json 3']);
  // Leaves in mixed formats are names of their own, the suffix part of the value.
  expect(shadows(['a.json', 'b.xml', 'c.csv', 'd.json'].map((f) => `/1.1/exports/${f}`).concat(['x', 'y', 'z'].map((s) => `/1.1/exports/${s}/rows`)))).toEqual(['/1.1/exports/{exportId} 4', '/1.1/exports/{exportId}/rows 3']);
});

test("a locale prefix is a parameter, even first in the path (`/en-US/products/42`, `/zh-Hant-TW/about`)", () => {
  // Before: the first segment is never a value without a spec, so each locale was an endpoint tree of its own.
  const locales = ['en-US', 'de-DE', 'fr-FR', 'pt-BR', 'zh-Hant-TW', 'es-419'];
  expect(shadows(locales.flatMap((l, i) => [`/${l}/products/${40 + i}`, `/${l}/about`]))).toEqual(['/{locale}/about 6', '/{locale}/products/{productId} 6']);
  // Words that happen to look alike stay (`/opt-in`, `/to-do`, `/co-op`), as does a bare language (`/fr/`).
  expect(shadows(['/opt-in', '/to-do/lists', '/co-op', '/fr/docs']).sort()).toEqual(['/co-op 1', '/fr/docs 1', '/opt-in 1', '/to-do/lists 1']);
});

test("an item is named after its collection's singular (`/movies/{movieId}`, SWAPI's `/species/{speciesId}`)", () => {
  // Before: every `-ies` was `-y` (`{movyId}`, `{cookyId}`) and `series`, `species`, `news` lost their `s` (`{seryId}`).
  const collections = ['movies', 'cookies', 'series', 'species', 'news', 'categories', 'properties', 'copies', 'bodies', 'boxes', 'users'];
  expect(shadows(collections.flatMap((c) => [`/api/${c}/17`, `/api/${c}/18`]))).toEqual([
    '/api/bodies/{bodyId} 2', '/api/boxes/{boxId} 2', '/api/categories/{categoryId} 2', '/api/cookies/{cookieId} 2', '/api/copies/{copyId} 2',
    '/api/movies/{movieId} 2', '/api/news/{newsId} 2', '/api/properties/{propertyId} 2', '/api/series/{seriesId} 2', '/api/species/{speciesId} 2',
    '/api/users/{userId} 2',
  ]);
});

test("a word that ends in `s` but is no plural names its item whole (`/static/js/{jsId}`, `/ipfs/{ipfsId}`, `/statuses/{statusId}`)", () => {
  // Before: the `s` was cut from any word, so the items of `js`, `ipfs`, `status` and Twitter's `statuses` were
  // `{jId}`, `{ipfId}`, `{statuId}` and `{statuseId}`.
  const collections = ['js', 'css', 'ipfs', 'dns', 'status', 'statuses', 'aliases', 'analyses', 'skus', 'menus', 'cases', 'courses'];
  expect(shadows(collections.flatMap((c) => [`/x/${c}/17`, `/x/${c}/18`]))).toEqual([
    '/x/aliases/{aliasId} 2', '/x/analyses/{analysisId} 2', '/x/cases/{caseId} 2', '/x/courses/{courseId} 2', '/x/css/{cssId} 2', '/x/dns/{dnsId} 2',
    '/x/ipfs/{ipfsId} 2', '/x/js/{jsId} 2', '/x/menus/{menuId} 2', '/x/skus/{skuId} 2', '/x/status/{statusId} 2', '/x/statuses/{statusId} 2',
  ]);
});

test('a date written as path segments is named `{year}/{month}/{day}`; a lone four-digit ID is no year', () => {
  // Before: `/archive/{archiveId}/{param}/{param2}`, the year taken for an archive's item.
  const archive = ['/archive/2024/01/15', '/archive/2023/12/31', '/archive/2024/02/29'];
  const blog = ['/blog/2024/01/spring-sale', '/blog/2023/11/winter-notes', '/blog/2024/03/launch-day', '/blog/2022/07/summer', '/blog/2021/10/autumn'];
  expect(shadows([...archive, ...blog, '/reports/1999/12'])).toEqual([
    '/archive/{year}/{month}/{day} 3', '/blog/{year}/{month}/{param} 5', '/reports/{year}/{month} 1',
  ]);
  // Near-misses: a version's ID (`/v1/2024`), an ID followed by a one-digit number, a thirteenth month, a day that
  // month lacks, a year out of range; and a position where a date's year stands beside plain IDs is named as IDs are.
  expect(shadows(['/v1/2024', '/v1/2025', '/orders/2024/7', '/items/2024/13', '/runs/1850/01', '/logs/2023/02/29'])).toEqual([
    '/items/{itemId}/{param} 1', '/logs/{year}/{month}/{param} 1', '/orders/{orderId}/{param} 1', '/runs/{runId}/{param} 1', '/v1/{param} 2',
  ]);
  expect(shadows(['/pages/2024/01', '/pages/17/01', '/pages/9000/03'])).toEqual(['/pages/{pageId}/{param} 3']);
});

test("an npm registry's packages, each proven by its own tarball, are one `/{package}` at the root", () => {
  // Before: every package a mirror fetched was an endpoint tree of its own (`/express`, `/express/-/express-4.18.2.tgz`).
  const packages = [['express', '4.18.2'], ['react', '18.2.0'], ['lodash', '4.17.21'], ['socket.io', '4.7.2'], ['uuid', '9.0.1-beta.1']];
  const traffic = packages.flatMap(([name, version]) => [`/${name}`, `/${name}/-/${name}-${version}.tgz`]);
  expect(shadows([...traffic, '/-/ping', '/-/v1/search', '/favicon.ico', '/lodash.merge', '/@types/node/-/node-20.10.0.tgz'])).toEqual([
    '/-/ping 1', '/-/v1/search 1', '/@types/node/-/node-20.10.0.tgz 1', '/favicon.ico 1', '/lodash.merge 1', '/{package} 5', '/{package}/-/{param} 5',
  ]);
  // Near-misses: one package alone, or names whose files under `-` are no tarball of theirs, stay the site's own.
  expect(shadows(['/express', '/express/-/express-4.18.2.tgz', '/docs/-/guide-1.0.0.tgz', '/static/-/static.tgz'])).toEqual([
    '/docs/-/guide-1.0.0.tgz 1', '/express 1', '/express/-/express-4.18.2.tgz 1', '/static/-/static.tgz 1',
  ]);
});

test("busy tenants each calling a few of one set of sub-resources are one parameter (Sentry's `/organizations/{org}/…`)", () => {
  // Before: no sub-resource was under every organisation, so each stayed an endpoint tree of its own.
  const orgs: Record<string, string[]> = { acme: ['projects', 'issues', 'members'], globex: ['projects', 'releases'], initech: ['issues', 'monitors'] };
  const busy = (paths: string[]) => paths.flatMap((p) => [p, p, p, p]);
  const sentry = Object.entries(orgs).flatMap(([org, subs]) => busy([`/api/0/organizations/${org}/`, ...subs.map((s) => `/api/0/organizations/${org}/${s}/`)]));
  expect(shadows(sentry).map((s) => s.split(' ')[0])).toEqual(
    ['', '/issues', '/members', '/monitors', '/projects', '/releases'].map((t) => `/api/0/organizations/{organizationId}${t}`),
  );
  // Near-misses: two tenants only; an account's own pages (no collection's name before them); names that are no
  // endpoints themselves (Wikimedia's `/metrics/pageviews/aggregate`, `/metrics/edits/aggregate`); different methods.
  const two = Object.entries(orgs).slice(0, 2).flatMap(([org, subs]) => busy([`/orgs/${org}`, ...subs.map((s) => `/orgs/${org}/${s}`)]));
  const account = busy(['/account/profile', '/account/profile/avatar', '/account/security', '/account/security/keys', '/account/billing', '/account/billing/keys', '/account/billing/avatar']);
  const metrics = busy(['/metrics/pageviews/aggregate', '/metrics/pageviews/top', '/metrics/edits/aggregate', '/metrics/edits/per-page', '/metrics/bytes/top', '/metrics/bytes/net']);
  const out = shadows([...two, ...account, ...metrics]).map((s) => s.split(' ')[0]);
  expect(out.filter((p) => p.includes('{'))).toEqual([]);
  expect(out.length).toBe(7 + 7 + 6);
});

test('a value after an ID kept as a literal is named `{param}`, not after the ID (Slack\u2019s `/services/T…/B…/…`)', () => {
  // Before: `/services/T024BE7LD/B01ABCDE2FG/{b01ABCDE2FGId}`, named as if the channel's ID were a collection.
  expect(shadows(['/services/T024BE7LD/B01ABCDE2FG/aB3dE5fG7hJ9kL1mN3pQ5rS7', '/issue/PROJ-123/xY7pQ2mZ9kL4vN8rT1sW6'])).toEqual([
    '/issue/PROJ-123/{param} 1', '/services/T024BE7LD/B01ABCDE2FG/{param} 1',
  ]);
  // Names with a number after a word still name their items.
  expect(shadows(['/oauth2/42', '/ec2-instances/42'])).toEqual(['/ec2-instances/{ec2InstanceId} 1', '/oauth2/{oauth2Id} 1']);
});

test("a value asked for alone beside values that are endpoints themselves is one more (GitHub's `/users/gaearon`)", () => {
  // Before: `/users/gaearon` stayed a literal beside `/users/{userId}`, taken for a static leaf like a registry's `_catalog`.
  const users = ['octocat', 'torvalds'].flatMap((u) => [`/users/${u}`, `/users/${u}/repos`, `/users/${u}/followers`]);
  expect(shadows([...users, '/users/gaearon'])).toEqual(['/users/{userId} 3', '/users/{userId}/followers 2', '/users/{userId}/repos 2']);
  // Near-miss: a leaf answering other methods stays the collection's own.
  const engine = createDiscoveryEngine({ specs: [] });
  const more = ['octocat', 'torvalds', 'gaearon', 'sindresorhus'].flatMap((u) => [`/users/${u}`, `/users/${u}/repos`, `/users/${u}/followers`]);
  for (const path of [...more, '/users/defunkt']) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path, status: 200 });
  engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'DELETE', path: '/users/cache', status: 204 });
  expect(engine.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
    'DELETE /users/cache', 'GET /users/{userId}', 'GET /users/{userId}/followers', 'GET /users/{userId}/repos',
  ]);
  expect(engine.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((e) => e.requests)).toEqual([1, 5, 4, 4]);
});

test("a bare dotted number after `rest` and a plugin's name is that API's version (Jira's `/rest/agile/1.0/…`)", () => {
  // Before: `/rest/agile/{version}/board/{boardId}/sprint`, the version of Jira Software's API made a parameter.
  expect(shadows(['/rest/agile/1.0/board/42/sprint', '/rest/agile/1.0/board/43', '/rest/build-status/1.0/commits/abc1234def'])).toEqual([
    '/rest/agile/1.0/board/{boardId} 1', '/rest/agile/1.0/board/{boardId}/sprint 1', '/rest/build-status/1.0/commits/{commitId} 1',
  ]);
  // Near-misses: a version ending the path (a release's), a bare digit (`/rest/users/5` is a user), not under `rest`.
  expect(shadows(['/rest/releases/1.2', '/rest/releases/1.3', '/rest/users/5/profile', '/api/items/1.5/x'])).toEqual([
    '/api/items/{version}/x 1', '/rest/releases/{version} 2', '/rest/users/{userId}/profile 1',
  ]);
});

test("Kubernetes' API groups stay apart, however many digits their names have (`/apis/networking.k8s.io/v1/…`)", () => {
  // Before: `networking.k8s.io` and `rbac.authorization.k8s.io` were no words (`k8s`), so the groups were values:
  // `/apis/{apiId}/v1/namespaces/{namespaceId}/{param}/web`, deployments and ingresses one parameter.
  expect(shadows([
    '/apis/apps/v1/namespaces/default/deployments/web', '/apis/apps/v1/namespaces/prod/deployments/web',
    '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin',
  ])).toEqual([
    '/apis/apps/v1/namespaces/{namespaceId}/deployments/web 2', '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web 1',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin 1',
  ]);
  // Near-miss: short IDs that are no words are still values (`/api/{param}/users`).
  expect(shadows(['/api/48d5/users', '/api/f594/users', '/api/a1b2/users'])).toEqual(['/api/{param}/users 3']);
});

test("a collection of IDs names its item without a second `Id` (Stripe's `/v1/customers/{customerId}/tax_ids/{taxId}`)", () => {
  // Before: `{taxIdId}`, `{idId}`.
  expect(shadows(['/v1/customers/cus_NffrFeUfNV2Hib/tax_ids/txi_1NuMB12eZvKYlo2CMecoWkZd', '/ids/42', '/paid/42'])).toEqual([
    '/ids/{id} 1', '/paid/{paidId} 1', '/v1/customers/{customerId}/tax_ids/{taxId} 1',
  ]);
});

test("a year and month right after `api` is the API's version, as a digit there is (Shopify's `/admin/api/2024-01/…`)", () => {
  // Before: Shopify's quarterly versions, sharing their resources, were one `/admin/api/{param}/orders.json`, the
  // versions a shop's apps call mixed in one endpoint, where Jira's `/rest/api/2` and `/rest/api/3` stay apart.
  expect(shadows([
    '/admin/api/2024-01/orders.json', '/admin/api/2024-01/orders/450789469.json', '/admin/api/2024-04/orders.json',
    '/admin/api/2024-07/orders.json', '/admin/api/2024-07/customers/207119551.json', '/api/2024-01/graphql.json',
  ])).toEqual([
    '/admin/api/2024-01/orders.json 1', '/admin/api/2024-01/orders/{orderId}.json 1', '/admin/api/2024-04/orders.json 1',
    '/admin/api/2024-07/customers/{customerId}.json 1', '/admin/api/2024-07/orders.json 1', '/api/2024-01/graphql.json 1',
  ]);
  // Near-misses: a month after anything else is a value (`/api/reports/{param}`), and so is no month (`2024-13`).
  expect(shadows(['/api/reports/2024-01/summary', '/api/reports/2024-02/summary'])).toEqual(['/api/reports/{reportId}/summary 2']);
  expect(shadows(['/api/2024-13/x', '/api/2024-14/x'])).toEqual(['/api/{param}/x 2']);
});

test("two sub-resources of one repository with paths of the same length below are no enum's values (GitHub's `git/trees/…`, `contents/…`)", () => {
  // Before: a tree and a file asked for once each led two levels down, the shape of an enum deep in a long template:
  // `/repos/octocat/hello-world/{helloWorldId}/trees/{hash}` and `…/{helloWorldId}/src/index.js`.
  expect(shadows(['/repos/octocat/hello-world/git/trees/9fceb02d0ae598e95dc970b74767f19372d61af8', '/repos/octocat/hello-world/contents/src/index.js'])).toEqual([
    '/repos/octocat/hello-world/contents/src/index.js 1', '/repos/octocat/hello-world/git/trees/{treeId} 1',
  ]);
  // Near-miss: two enum values followed by the same (Wikimedia's granularity, then its start and end) are still one.
  expect(shadows(['daily', 'monthly'].map((g) => `/metrics/unique-devices/en.wikipedia.org/all-sites/${g}/20240101/20240131`))).toEqual([
    '/metrics/unique-devices/en.wikipedia.org/all-sites/{allSiteId}/{date}/{date2} 2',
  ]);
});

test("a namespace's kinds holding objects of one name stay apart (Kubernetes' `services/web`, `configmaps/web`)", async () => {
  // Before: an app's objects share its name, so its kinds shared a sub-resource and were values of one parameter:
  // `/api/v1/namespaces/{namespaceId}/{param}/web`; Azure's `/namespaces/mysb/{mysbId}/orders` for a queue and a topic.
  const k8s = ['services', 'configmaps', 'secrets'].map((kind) => `/api/v1/namespaces/default/${kind}/web`);
  expect(shadows([...k8s, '/api/v1/namespaces/prod/services/web'])).toEqual([
    '/api/v1/namespaces/{namespaceId}/configmaps/web 1', '/api/v1/namespaces/{namespaceId}/secrets/web 1', '/api/v1/namespaces/{namespaceId}/services/web 2',
  ]);
  const azure = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg1/providers/Microsoft.ServiceBus/namespaces/mysb';
  expect(shadows([`${azure}/queues/orders`, `${azure}/topics/orders`])).toEqual([
    '/subscriptions/{subscriptionId}/resourceGroups/rg1/providers/Microsoft.ServiceBus/namespaces/mysb/queues/orders 1',
    '/subscriptions/{subscriptionId}/resourceGroups/rg1/providers/Microsoft.ServiceBus/namespaces/mysb/topics/orders 1',
  ]);
  // Near-misses: plural words elsewhere are values still (tags, team slugs), and so are names after a namespace that
  // are no plural words.
  expect(shadows(['/tags/cats/recent', '/tags/dogs/recent', '/orgs/acme/teams/developers/members', '/orgs/acme/teams/maintainers/members'])).toEqual([
    '/orgs/acme/teams/{teamId}/members 2', '/tags/{tagId}/recent 2',
  ]);
  expect(shadows(['/v2/namespaces/acme/x7f2/tags', '/v2/namespaces/acme/q9k4/tags'])).toEqual(['/v2/namespaces/acme/{acmeId}/tags 2']);
  // Nor where a spec puts a parameter: its name, for every kind.
  const doc = await loadSpecDocument('k8s', {
    openapi: '3.0.3', info: { title: 'k8s', version: '1' }, servers: [{ url: 'https://api.test' }],
    paths: { '/api/v1/namespaces/{namespace}/{plural}/{name}': { get: { responses: { '200': { description: 'ok' } } } } },
  });
  if (!doc.ok) throw new Error('spec');
  const engine = createDiscoveryEngine({ specs: [doc.spec] });
  for (const path of k8s) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'DELETE', path, status: 200 });
  expect(engine.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((e) => `${e.method} ${e.path} ${e.requests}`)).toEqual(['DELETE /api/v1/namespaces/default/{plural}/web 3']);
});

test("an item of a collection named with an acronym is named in camel case (`/AWSLogs/{awsLogId}`, `/URLs/{urlId}`)", () => {
  // Before: only the first letter was lowered: `{aWSLogId}` for ELB's S3 keys, `{uRLId}`, `{iPAddressId}`.
  const collections = ['AWSLogs', 'URLs', 'IPAddresses', 'SMS', 'APIKeys', 'IncomingPhoneNumbers', 'Accounts'];
  expect(shadows(collections.flatMap((c) => [`/api/${c}/17`, `/api/${c}/18`]))).toEqual([
    '/api/APIKeys/{apiKeyId} 2', '/api/AWSLogs/{awsLogId} 2', '/api/Accounts/{accountId} 2', '/api/IPAddresses/{ipAddressId} 2',
    '/api/IncomingPhoneNumbers/{incomingPhoneNumberId} 2', '/api/SMS/{smsId} 2', '/api/URLs/{urlId} 2',
  ]);
});

test("a gRPC or Twirp service's methods stay apart (`/google.pubsub.v1.Publisher/CreateTopic`, `/twirp/example.Haberdasher/MakeHat`)", () => {
  // Before: five methods or more called once or twice each were values of one `/google.pubsub.v1.Publisher/{param}`.
  const pubsub = ['Publish', 'CreateTopic', 'GetTopic', 'ListTopics', 'DeleteTopic', 'UpdateTopic'].map((m) => `/google.pubsub.v1.Publisher/${m}`);
  const twirp = ['MakeHat', 'MakeShirt', 'MakeShoes', 'MakeSocks', 'MakeTie'].map((m) => `/twirp/example.Haberdasher/${m}`);
  expect(shadows([...pubsub, ...twirp]).map((s) => s.split(' ')[0])).toEqual([...pubsub, ...twirp].sort());
  // Near-misses: values after a dotted name that is no service (`com.example`, a Maven group) or leading further merge.
  const maven = ['core', 'model', 'util', 'web', 'cli'].map((a) => `/maven2/com.example/${a}/maven-metadata.xml`);
  expect(shadows(maven)).toEqual(['/maven2/com.example/{param}/maven-metadata.xml 5']);
  const deeper = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((a) => `/files/report.Final/${a}/x`);
  expect(shadows(deeper)).toEqual(['/files/report.Final/{param}/x 5']);
});

test("an API version's kinds holding objects of one name stay apart (Kubernetes' `clusterroles/admin`, `clusterrolebindings/admin`)", () => {
  // Before: right under `v1` they shared a sub-resource as tenants do: `/apis/rbac.authorization.k8s.io/v1/{param}/admin`,
  // and a node and its volume of one name `/api/v1/{param}/minikube`.
  const rbac = ['admin', 'view'].flatMap((n) => [`/apis/rbac.authorization.k8s.io/v1/clusterroles/${n}`, `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${n}`]);
  expect(shadows([...rbac, '/api/v1/nodes/minikube', '/api/v1/persistentvolumes/minikube'])).toEqual([
    '/api/v1/nodes/minikube 1', '/api/v1/persistentvolumes/minikube 1',
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/admin 1', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/view 1',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin 1', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view 1',
  ]);
  // Near-misses: tenants there sharing a collection still merge, plural-named or not.
  expect(shadows(['/api/acme/users', '/api/globex/users'])).toEqual(['/api/{param}/users 2']);
  expect(shadows(['/api/developers/members', '/api/admins/members'])).toEqual(['/api/{param}/members 2']);
});

test("directories named by a hash's first two hex digits are one parameter (PyPI's `/packages/a9/d5/<hash>/…`, git's `objects/8e/…`)", () => {
  // Before: `70` was an integer and `a9`, `bc` names, so thirty wheels made nineteen endpoints, `/packages/{packageId}/b2/…`
  // beside `/packages/a9/d5/…` and `/packages/c8/{c8Id}/…`.
  const wheels = Array.from({ length: 30 }, (_, i) => {
    const h = createHash('sha256').update(String(i)).digest('hex');
    return `/packages/${h.slice(0, 2)}/${h.slice(2, 4)}/${h.slice(4)}/pkg${i}-1.0.${i}-py3-none-any.whl`;
  });
  expect(shadows(wheels)).toEqual(['/packages/{packageId}/{param}/{hash}/{param2} 30']);
  const objects = Array.from({ length: 6 }, (_, i) => createHash('sha1').update(String(i)).digest('hex')).map((h) => `/app.git/objects/${h.slice(0, 2)}/${h.slice(2)}`);
  expect(shadows(objects)).toEqual(['/app.git/objects/{objectId}/{hash} 6']);
  // Near-misses: two such names alone, or names beside them that are no hex pair, stay.
  expect(shadows(['/files/a1', '/files/b2'])).toEqual(['/files/a1 1', '/files/b2 1']);
  expect(shadows(['/flags/ad', '/flags/be', '/flags/ch', '/flags/de'])).toEqual(['/flags/ad 1', '/flags/be 1', '/flags/ch 1', '/flags/de 1']);
});
