import { expect, test } from 'vitest';
import { collectorName, collectorOptionProblem } from './collector-options';

test("without --name the collector is the machine's hostname, held to --name's 1 to 128 characters", () => {
  // Until 6 Dec the hostname went unchecked: one over 128 characters (macOS allows 255) or empty had every batch
  // refused by the server and set aside for good, as a --name like it was before it was checked.
  const long = `${'build-agent-'.repeat(11)}x.ci.example.com`;
  expect(collectorOptionProblem({}, long)).toBe(`this machine's hostname is ${long.length} characters, no collector name (1 to 128 characters): name the collector with --name`);
  expect(collectorOptionProblem({}, '')).toBe("this machine's hostname is 0 characters, no collector name (1 to 128 characters): name the collector with --name");
  expect(collectorOptionProblem({ name: 'edge-1' }, long)).toBeUndefined();
  expect(collectorOptionProblem({}, 'web-1')).toBeUndefined();
  expect(collectorName({}, 'web-1')).toBe('web-1');
  expect(collectorName({ name: 'edge-1' }, 'web-1')).toBe('edge-1');
  expect(collectorOptionProblem({ name: '' }, 'web-1')).toBe('--name must be 1 to 128 characters (the collector as the inventory names it)');
});
