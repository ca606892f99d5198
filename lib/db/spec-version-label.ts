import { MAX_VERSION_LENGTH } from '../inventory/catalog-names';
import type { DbClient } from './spec-catalog';

export type VersionLabel =
  | { ok: true; label: string; /** The label the document asked for, which another version of the API has. */ inUse?: string }
  | { ok: false; message: string };

/**
 * The label a new version (text no version of the API has) is stored under. A label names one version: the history,
 * the diffs (`previousVersion`) and deprecation approvals refer to versions by it, and until 7 Dec changed text
 * pushed under a label another version had was stored as a second version of that name. A label typed
 * (`--version`, `?version=`) is refused when another version has it, naming that version; a label taken from
 * `info.version`, which many teams do not bump for every change, gets the next free `+rN` suffix (SemVer build
 * metadata: the same version, another build) and the answer says which label was taken.
 */
export async function newVersionLabel(client: DbClient, apiId: string | undefined, apiSlug: string, asked: string | undefined, documentVersion: string): Promise<VersionLabel> {
  const rows = apiId ? await client.spec.findMany({ where: { apiId }, select: { version: true, uploadedAt: true } }) : [];
  const taken = new Map(rows.map((r) => [r.version, r.uploadedAt]));
  if (asked !== undefined) {
    const other = taken.get(asked);
    if (other === undefined) return { ok: true, label: asked };
    return { ok: false, message: `version label '${asked}' is already ${apiSlug}@${asked}, uploaded ${other.toISOString()} with other content: name this version with another label` };
  }
  if (documentVersion && !taken.has(documentVersion)) return { ok: true, label: documentVersion };
  for (let n = rows.length + 1; ; n++) {
    const suffix = documentVersion ? `+r${n}` : `r${n}`;
    const label = `${documentVersion.slice(0, MAX_VERSION_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(label)) return documentVersion ? { ok: true, label, inUse: documentVersion } : { ok: true, label };
  }
}
