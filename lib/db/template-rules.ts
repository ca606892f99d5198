import { listStoredOverrides } from './overrides';
import { loadSpecCatalog, type DbClient } from './spec-catalog';
import type { TemplateRules } from './current-template';

// The rules themselves are pure (./current-template.ts), for classification to ask without loading them here.
export { currentTemplate, type TemplateRules } from './current-template';

/** Today's templating rules, read once per page or batch (./current-template.ts TemplateRules). */
export async function loadTemplateRules(client: DbClient): Promise<TemplateRules> {
  const [catalog, overrides] = await Promise.all([loadSpecCatalog(client), listStoredOverrides(client)]);
  return { catalog, overrides, protectedLiterals: new Map() };
}
