/**
 * A GitHub-shaped OpenAPI 3.1 document made by project code: features the fixture specs lack
 * (`x-multi-segment` paths, `{+path}`, server variables, a static `/user` next to `/users/{username}`,
 * `{name}.{ext}` segments, sunset extensions). The eval runs it beside the real specs.
 */
type Obj = Record<string, unknown>;

const ok = { responses: { '200': { description: 'ok' } } };
const str = (name: string, extra: Obj = {}): Obj => ({ name, in: 'path', required: true, schema: { type: 'string', ...extra } });
const int = (name: string): Obj => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
const ops = (params: Obj[], ...methods: string[]): Obj => Object.fromEntries([['parameters', params], ...methods.map((m) => [m, { operationId: undefined, ...ok }])]);

export function githubLikeSpec(): Obj {
  const owner = str('owner');
  const repo = str('repo');
  const paths: Record<string, Obj> = {
    '/user': ops([], 'get', 'patch'),
    '/user/repos': ops([], 'get', 'post'),
    '/user/keys/{key_id}': ops([int('key_id')], 'get', 'delete'),
    '/users/{username}': ops([str('username')], 'get'),
    '/users/{username}/repos': ops([str('username')], 'get'),
    '/users/{username}/followers': ops([str('username')], 'get'),
    '/orgs/{org}': ops([str('org')], 'get', 'patch'),
    '/orgs/{org}/members/{username}': ops([str('org'), str('username')], 'get', 'delete'),
    '/orgs/{org}/teams/{team_slug}': ops([str('org'), str('team_slug')], 'get', 'patch', 'delete'),
    '/repos/{owner}/{repo}': ops([owner, repo], 'get', 'patch', 'delete'),
    '/repos/{owner}/{repo}/issues': ops([owner, repo], 'get', 'post'),
    '/repos/{owner}/{repo}/issues/{issue_number}': ops([owner, repo, int('issue_number')], 'get', 'patch'),
    '/repos/{owner}/{repo}/issues/{issue_number}/comments': ops([owner, repo, int('issue_number')], 'get', 'post'),
    '/repos/{owner}/{repo}/pulls/{pull_number}/merge': ops([owner, repo, int('pull_number')], 'get', 'put'),
    '/repos/{owner}/{repo}/commits/{sha}': ops([owner, repo, str('sha')], 'get'),
    '/repos/{owner}/{repo}/contents/{path}': ops([owner, repo, str('path', { 'x-multi-segment': true })], 'get', 'put', 'delete'),
    '/repos/{owner}/{repo}/git/refs/{ref}': ops([owner, repo, str('ref')], 'get', 'patch', 'delete'),
    '/repos/{owner}/{repo}/releases/tags/{tag}': ops([owner, repo, str('tag')], 'get'),
    '/repos/{owner}/{repo}/tarball/{ref}': ops([owner, repo, str('ref')], 'get'),
    '/repos/{owner}/{repo}/{archive_format}/{ref}': ops([owner, repo, str('archive_format', { enum: ['tarball', 'zipball'] }), str('ref')], 'get'),
    '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}': ops([owner, repo, int('hook_id'), int('delivery_id')], 'get'),
    '/gists/{gist_id}': ops([str('gist_id')], 'get', 'patch', 'delete'),
    '/gists/{gist_id}/star': ops([str('gist_id')], 'get', 'put', 'delete'),
    '/raw/{+path}': ops([str('path')], 'get'),
    '/exports/{name}.{ext}': ops([str('name'), str('ext', { enum: ['csv', 'json'] })], 'get'),
    '/meta': ops([], 'get'),
    '/rate_limit': ops([], 'get'),
  };
  let n = 0;
  for (const item of Object.values(paths)) {
    for (const [k, v] of Object.entries(item)) if (k !== 'parameters') (v as Obj).operationId = `op${++n}`;
  }
  (paths['/repos/{owner}/{repo}/tarball/{ref}'].get as Obj)['x-sunset'] = '2025-01-01';
  return {
    openapi: '3.1.0',
    info: { title: 'GitHub-like', version: '1', 'x-owner': 'group:default/platform' },
    servers: [{ url: 'https://{host}/api/v3', variables: { host: { default: 'ghe.example.test' } } }],
    paths,
  };
}
