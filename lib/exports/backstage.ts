/**
 * Backstage `catalog-info.yaml` API entities (backstage.io/v1alpha1, kind API): owner as an entity reference,
 * lifecycle mapped onto Backstage's closed set, and the current spec served by Lantern as the definition.
 */
export interface CatalogApi {
  slug: string;
  name: string;
  description: string | null;
  ownerTeam: { slug: string } | null;
  lifecycle: string;
  hosts: string[];
}

const LIFECYCLE: Record<string, string> = { active: 'production', deprecated: 'deprecated', retired: 'deprecated' };

export function backstageEntities(apis: CatalogApi[], baseUrl: string): Record<string, unknown>[] {
  return apis.map((a) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: a.slug,
      title: a.name,
      ...(a.description ? { description: a.description } : {}),
      annotations: { 'lantern.dev/api': a.slug, ...(a.hosts.length > 0 ? { 'lantern.dev/hosts': a.hosts.join(',') } : {}) },
      ...(a.lifecycle === 'retired' ? { tags: ['retired'] } : {}),
    },
    spec: {
      type: 'openapi',
      lifecycle: LIFECYCLE[a.lifecycle] ?? 'experimental',
      owner: a.ownerTeam ? `group:default/${a.ownerTeam.slug}` : 'group:default/unowned',
      definition: { $text: `${baseUrl.replace(/\/$/, '')}/api/apis/${a.slug}/specs/current` },
    },
  }));
}
