import type { NormalisedSpec, SpecOperation, SpecServer } from './spec-model';

/**
 * A spec that says nothing but where paths are and which positions are parameters: what templating and
 * matching read. Used for templates agreed over several inputs, for what a remote collector is told about the
 * server's specs, and to match paths against reported templates (evaluation).
 */
export function templateSpec(id: string, servers: SpecServer[], operations: ReadonlyArray<Pick<SpecOperation, 'method' | 'path'> & Partial<Pick<SpecOperation, 'multiSegment' | 'servers'>>>): NormalisedSpec {
  return {
    id,
    version: '3.1',
    title: '',
    apiVersion: '',
    servers,
    retired: false,
    securitySchemes: {},
    operations: operations.map((o) => ({
      method: o.method,
      path: o.path,
      deprecated: false,
      parameters: [],
      responses: [],
      security: [],
      multiSegment: o.multiSegment ?? [],
      ...(o.servers ? { servers: o.servers } : {}),
    })),
  };
}
