import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadSpecDocument } from '../openapi/load-spec';
import { adoptSnippet } from './adopt-snippet';
import { reconstructOpenApi, type ObservedEndpoint } from './shadow-openapi';

const endpoint = (method: string, authCounts: Record<string, number> = { none: 2 }): ObservedEndpoint => ({ method, pathTemplate: '/dav/{file}', statusCounts: { '207': 2 }, authCounts, requestCount: 2, firstSeen: '2026-12-05T08:00:00.000Z', lastSeen: '2026-12-05T09:00:00.000Z' });

test('the adopt snippet puts a custom method under x-lantern-additional-operations, and pasted into a spec it loads', async () => {
  const e = endpoint('PROPFIND', { 'cookie:_ga,session': 2 });
  const snippet = parse(adoptSnippet(e)) as Record<string, unknown>;
  expect(Object.keys((snippet.paths as Record<string, object>)['/dav/{file}'])).toEqual(['x-lantern-additional-operations']);
  const { paths, components } = reconstructOpenApi('dav.example.com', [e]);
  expect(snippet).toEqual({ paths, components });
  const loaded = await loadSpecDocument('adopted', { openapi: '3.1.0', info: { title: 'dav', version: '1' }, ...snippet });
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
});

test('the adopt snippet of a standard method is the export\'s path item for it', () => {
  expect(parse(adoptSnippet(endpoint('GET')))).toEqual({ paths: reconstructOpenApi('h', [endpoint('GET')]).paths });
});
