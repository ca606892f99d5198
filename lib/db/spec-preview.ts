import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { createMatcher, matchOperation, soleHostedMatch } from '../openapi/matcher';
import { everyServer } from '../openapi/servers';
import { db } from './client';
import { hostsWhere } from './hosts-where';
import { admitSpec, type RegisterSpecInput, type SpecRefusal } from './spec-admission';
import type { SpecProblem } from '../openapi/spec-model';
import { diffOperations, diffOperationsOf, withServers, type SpecDiffSummary } from './spec-diff';
import { loadSpecCatalog, normalisedSpecOf } from './spec-catalog';

export type SpecPreview =
  | SpecRefusal
  | {
      status: 'ok';
      title: string;
      /** The label registering it would store it under; `labelInUse`: its info.version, another version's. */
      version: string;
      labelInUse?: string;
      operationCount: number;
      warnings: SpecProblem[];
      diff: SpecDiffSummary;
      adopts: { id: string; host: string; method: string; path: string; requests: number }[];
    };

/**
 * What registering this text would do, without saving anything: the same checks as registering it (validation
 * problems with their JSON pointers, who may register what: lib/db/spec-admission.ts), then the diff against the
 * current version and the shadow endpoints the new version would document.
 */
export async function previewSpec(input: RegisterSpecInput): Promise<SpecPreview> {
  const admitted = await admitSpec(input);
  if (admitted.status !== 'admitted') return admitted;
  const { spec } = admitted;
  const apiSlug = input.apiSlug;
  const current = await db().spec.findFirst({ where: { api: { slug: apiSlug }, isCurrent: true }, include: { operations: true } });
  const currentOperations = current && withServers(
    current.operations.map((o) => ({ method: o.method, path: o.pathTemplate, operationId: o.operationId ?? undefined, deprecated: o.deprecated, sunset: o.sunsetAt?.toISOString() })),
    await normalisedSpecOf(db(), current.id),
  );
  const diff = diffOperations(current && currentOperations && { id: current.id, version: current.version, operations: currentOperations }, diffOperationsOf(spec));
  // Path- and operation-level servers too (everyServer), as registering adopts on their hosts.
  const servers = everyServer(spec);
  const hosts = servers.every((s) => s.host) ? [...new Set(servers.map((s) => s.host!))] : undefined;
  const shadows = await db().endpoint.findMany({
    // On every port of a server host, as registering reclassifies them (lib/db/reclassify.ts): until 6 Dec the rows
    // under `pay.test:8443` were no adoption here, and registering documented them.
    where: { state: 'shadow', ignoredById: null, ...(hosts ? hostsWhere([...hosts, UNKNOWN_HOST]) : {}) },
    select: { id: true, host: true, method: true, pathTemplate: true, requestCount: true },
    take: 20_000,
  });
  const matcher = createMatcher([spec]);
  // A host-less shadow is adopted when the new version is the one operation its path has among every API's specs, as
  // registering decides it (endpoint-classification.ts matchStored).
  const everyApi = shadows.some((e) => e.host === UNKNOWN_HOST)
    ? createMatcher([...[...(await loadSpecCatalog(db())).specs.values()].filter((s) => s.apiSlug !== apiSlug).map((s) => s.spec), spec])
    : matcher;
  const adoptsHostless = (method: string, path: string) => {
    const sole = soleHostedMatch(everyApi, method, path);
    return sole?.kind === 'operation' && sole.entry.spec === spec;
  };
  const adopts = shadows
    .filter((e) => matchOperation(matcher, e.host, e.method, e.pathTemplate).kind === 'operation' || (e.host === UNKNOWN_HOST && adoptsHostless(e.method, e.pathTemplate)))
    .map((e) => ({ id: e.id, host: e.host, method: e.method, path: e.pathTemplate, requests: Number(e.requestCount) }));
  const label = { version: admitted.label, ...(admitted.labelInUse ? { labelInUse: admitted.labelInUse } : {}) };
  return { status: 'ok', title: spec.title, ...label, operationCount: spec.operations.length, warnings: admitted.warnings, diff, adopts };
}
