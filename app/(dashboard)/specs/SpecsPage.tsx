'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useApisQuery } from '@/components/hooks/queries/useApisQuery';
import { SpecHistory } from '@/components/specs/SpecHistory';
import { SpecUploadForm, type OwnerTeamChoice } from '@/components/specs/SpecUploadForm';
import { apiSlugSchema } from '@/lib/inventory/catalog-names';

/**
 * `canUpload`: the role may register specs (owner, admin); viewers and governance see the history only.
 * `ownerTeams`: the teams the user may name as a new API's owner, and whether naming none is allowed (admins).
 */
export function SpecsPage({ canUpload, ownerTeams }: { canUpload: boolean; ownerTeams: OwnerTeamChoice }) {
  const router = useRouter();
  const pathname = usePathname();
  const api = useSearchParams().get('api') ?? '';
  const { data, isError, error } = useApisQuery();
  // Only a new API is given an owner here; an existing one keeps its own (known once the list has loaded).
  const shown = data?.items.find((a) => a.slug === api);
  const isNew = Boolean(api) && data !== undefined && !shown;
  // An owner registers their own team's APIs only (an admin any): another team's API had the form, and a spec pasted
  // there could only be refused ("you do not own API …") when previewed. `ownerTeams.slugs` are an owner's teams.
  const othersApi = shown !== undefined && !ownerTeams.optional && !(shown.ownerTeam && ownerTeams.slugs.includes(shown.ownerTeam.slug));
  // An owner in no team has no owner team to give a new API, which the server requires: until 6 Dec the form showed an
  // empty Owner team menu, and the preview was refused with "name an owner team you belong to".
  const noTeamForNew = isNew && !ownerTeams.optional && ownerTeams.slugs.length === 0;
  // Each API shown is its own history entry: Back returns to the API shown before (router.replace left the page).
  const choose = (slug: string) => router.push(slug ? `${pathname}?api=${encodeURIComponent(slug)}` : pathname);
  // A typed slug no API can have is refused here: until 6 Dec its form came up, and only the preview of the spec
  // pasted into it answered "no such API".
  const [slugProblem, setSlugProblem] = useState<string | null>(null);
  const chooseTyped = (typed: string) => {
    const slug = typed.trim().toLowerCase();
    const problem = slug ? apiSlugSchema.safeParse(slug).error?.issues[0]?.message : undefined;
    setSlugProblem(problem ?? null);
    if (!problem) choose(slug);
  };
  return (
    <>
      <h1>Specs</h1>
      <div className="filters">
        <label className="row">
          API
          <select aria-label="API" value={api} onChange={(e) => { setSlugProblem(null); choose(e.target.value); }}>
            <option value="">Choose an API…</option>
            {(data?.items ?? []).map((a) => <option key={a.slug} value={a.slug}>{a.name} ({a.slug})</option>)}
            {/* A slug typed as a new API (or linked before its first version): the control shows it, not "Choose an API…". */}
            {api && data && !data.items.some((a) => a.slug === api) && <option value={api}>{api} (new)</option>}
          </select>
        </label>
        {canUpload && (
          // A form of its own, with a button: until 6 Dec only Enter opened the slug typed, and nothing said so.
          <form className="row" aria-label="New API" onSubmit={(e) => { e.preventDefault(); chooseTyped(String(new FormData(e.currentTarget).get('slug') ?? '')); }}>
            <label className="row">
              or a new API slug
              <input name="slug" aria-label="New API slug" placeholder="e.g. orders" aria-invalid={slugProblem ? true : undefined} aria-describedby={slugProblem ? 'new-api-slug-problem' : undefined} />
            </label>
            <button type="submit">Open</button>
          </form>
        )}
        {canUpload && slugProblem && (
          <span id="new-api-slug-problem" role="alert" className="form-error">{slugProblem}</span>
        )}
      </div>
      {/* The list failing left the control with "Choose an API…" alone, as if no API existed. */}
      {isError && <div className="state-box error" role="alert" style={{ marginBottom: 12 }}>Could not load the APIs: {error.message}</div>}
      {api ? (
        <div className="grid2">
          {/* Whose the API is is known once the list has loaded: until 6 Dec the form showed meanwhile, and an owner on
              another team's API lost what they had typed in it when it gave way to the sentence below. */}
          {canUpload && data === undefined && !isError ? (
            <section className="panel"><h2>Register a version of {api}</h2><p className="muted" role="status">Loading…</p></section>
          ) : canUpload && othersApi ? (
            <section className="panel">
              <h2>Register a version of {api}</h2>
              <p className="muted">{shown.ownerTeam ? `${shown.name} is the ${shown.ownerTeam.slug} team's: its owners and admins register its versions.` : `${shown.name} has no owner team: admins register its versions.`}</p>
            </section>
          ) : canUpload && noTeamForNew ? (
            <section className="panel">
              <h2>Register a version of {api}</h2>
              <p className="muted">You belong to no team, and a new API needs an owner team you belong to: ask an admin to add you to one.</p>
            </section>
          ) : canUpload ? (
            <section className="panel"><h2>Register a version of {api}</h2><SpecUploadForm key={api} api={api} ownerTeams={isNew ? ownerTeams : null} /></section>
          ) : (
            <section className="panel"><h2>Register a version of {api}</h2><p className="muted">Your role reads specs; owners and admins register them.</p></section>
          )}
          <section className="panel"><h2>Version history</h2><SpecHistory api={api} /></section>
        </div>
      ) : (
        <div className="state-box">Choose an API to see its versions{canUpload ? ' or register a new one' : ''}.</div>
      )}
    </>
  );
}
