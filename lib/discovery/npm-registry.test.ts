import { expect, test } from 'vitest';
import { createDiscoveryEngine } from './discovery-engine';

function shadows(paths: string[]): string[] {
  const engine = createDiscoveryEngine({ specs: [], overrides: [] });
  for (const path of paths) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'registry.test', method: 'GET', path, status: 200 });
  return engine.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((e) => `${e.path} ${e.requests}`).sort();
}

const UNSCOPED = ['/express', '/express/-/express-4.18.2.tgz', '/lodash', '/lodash/-/lodash-4.17.21.tgz'];
const SCOPED = ['/@babel%2fcore', '/@babel/core/-/core-7.23.0.tgz', '/@types%2fnode', '/@types/node/-/node-20.1.0.tgz', '/@types%2freact', '/@types/react/-/react-18.2.0.tgz'];

test("an npm registry's scoped packages are its packages too: `/{package}` and `/@{scope}/{package}/-/{param}`", () => {
  // Before: each scoped packument a literal (`/@babel%2Fcore`), and the scopes' tarballs `/@babel/core/-/…` beside
  // `/@types/{param}/-/{param2}`.
  expect(shadows([...UNSCOPED, ...SCOPED])).toEqual(['/@{scope}/{package}/-/{param} 3', '/{package} 5', '/{package}/-/{param} 2']);
  // Scoped packages alone prove the registry as well.
  expect(shadows(SCOPED)).toEqual(['/@{scope}/{package}/-/{param} 3', '/{package} 3']);
});

test('one scope, a name with an `@` and no tarball, or one scoped packument stay literals', () => {
  expect(shadows([...UNSCOPED, '/@types/node/-/node-20.1.0.tgz'])).toEqual(['/@types/node/-/node-20.1.0.tgz 1', '/{package} 2', '/{package}/-/{param} 2']);
  expect(shadows(['/@me', '/@you', '/@babel%2fcore'])).toEqual(['/@babel%2Fcore 1', '/@me 1', '/@you 1']);
});
