'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { queryKeys } from '@/components/hooks/query-keys';
import { ApiError } from '@/components/hooks/use-api';
import { readSpecPreviewResponse, type SpecPreviewView, type SpecProblemView } from '@/lib/inventory/spec-views';
import { decodeSpecBytes } from '@/lib/openapi/decode-spec';
import { SpecDiffView } from './SpecDiffView';
import { formatCount } from '@/components/common/format-count';
import { labelInUseText, registeredText } from '@/lib/inventory/registered-text';

async function postSpec(url: string, text: string, version: string, owner: string) {
  const params = new URLSearchParams();
  if (version) params.set('version', version);
  if (owner) params.set('owner', owner);
  const res = await fetch(`${url}${params.size > 0 ? `?${params}` : ''}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
  const body: unknown = await res.json().catch(() => null);
  return { res, body };
}

const problemAt = (p: SpecProblemView) => `${p.file ? `${p.file}#` : '#'}${p.pointer || '/'}`;

/** What the loader read but could only partly use: the spec registers, but some of its traffic will show as shadow. */
function SpecWarnings({ warnings }: { warnings: SpecProblemView[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="state-box" role="note" aria-label="Spec warnings" style={{ textAlign: 'left' }}>
      <strong>Warnings ({formatCount(warnings.length)}):</strong>
      <ul>{warnings.map((w, i) => <li key={i}><code>{problemAt(w)}</code> {w.message}</li>)}</ul>
    </div>
  );
}

/** The teams a user may name as a new API's owner; `optional`: none may be named (an admin's API without an owner). */
export interface OwnerTeamChoice {
  slugs: string[];
  optional: boolean;
}

/**
 * Paste or upload a spec; preview (validation, diff, adopted shadows) before registering it. `ownerTeams` (a new API
 * only): the owner team to name, which the server requires of an owner, who had no way to send one here.
 */
export function SpecUploadForm({ api, ownerTeams }: { api: string; ownerTeams: OwnerTeamChoice | null }) {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [version, setVersion] = useState('');
  // Picked, or the first of an owner's teams; `ownerTeams` arrives once the API list says this API is new.
  const [picked, setPicked] = useState<string | null>(null);
  const sentOwner = ownerTeams ? (picked ?? (ownerTeams.optional ? '' : (ownerTeams.slugs[0] ?? ''))) : '';
  const [fileProblem, setFileProblem] = useState<SpecProblemView | null>(null);
  // Decoded strictly, as the server and `lantern spec push` decode a file: File.text() put U+FFFD in place of a
  // Latin-1 byte without a word, and the mangled text then validated and registered.
  async function readFile(file: File) {
    const decoded = decodeSpecBytes(new Uint8Array(await file.arrayBuffer()), file.name);
    setFileProblem(decoded.ok ? null : decoded.problems[0]);
    setText(decoded.ok ? decoded.text : '');
  }
  // A preview stands for the text and version label it was asked for; editing either (or an answer arriving after
  // an edit) must not leave it on screen, where "Register this version" would send what was never previewed.
  const [previewed, setPreviewed] = useState<{ view: SpecPreviewView; text: string; version: string; owner: string } | null>(null);
  const preview = previewed?.text === text && previewed.version === version && previewed.owner === sentOwner ? previewed.view : null;
  const previewMutation = useMutation({
    mutationFn: async (asked: { text: string; version: string; owner: string }) => {
      const { res, body } = await postSpec(`/api/apis/${encodeURIComponent(api)}/specs/preview`, asked.text, asked.version, asked.owner);
      const read = readSpecPreviewResponse(res.status, body);
      if ('message' in read) throw new ApiError(res.status, 'error', read.message);
      return read.view;
    },
    onSuccess: (view, asked) => setPreviewed({ view, ...asked }),
  });
  const canPreview = Boolean(text.trim()) && !previewMutation.isPending;
  const register = useMutation({
    mutationFn: async () => {
      const { res, body } = await postSpec(`/api/apis/${encodeURIComponent(api)}/specs`, text, version, sentOwner);
      if (!res.ok) throw new ApiError(res.status, 'error', (body as { error?: { message?: string } })?.error?.message ?? `registration failed (${res.status})`);
      // The label typed goes with the answer: a restored or unchanged version keeps its own, which the answer says.
      return { ...(body as { status: 'created' | 'restored' | 'unchanged'; spec: { version: string }; reclassified: unknown[]; warnings: SpecProblemView[]; labelInUse?: string }), asked: version.trim() };
    },
    onSuccess: () => {
      setPreviewed(null);
      void client.invalidateQueries({ queryKey: queryKeys.specs.versions(api) });
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      void client.invalidateQueries({ queryKey: queryKeys.apis.all });
      // Reclassified endpoints move between the charts' states: back on the inventory they showed the old split.
      void client.invalidateQueries({ queryKey: queryKeys.stats.inventory });
    },
  });
  return (
    <form className="stack" style={{ maxWidth: 'none' }} onSubmit={(e) => { e.preventDefault(); if (canPreview) previewMutation.mutate({ text, version, owner: sentOwner }); }} aria-label="Register a spec">
      <div className="row">
        <label>
          Spec file
          {/* Emptied as the chooser opens: the file chosen again after an edit of the text is then a change, which the
              browser did not report while the input still held it (the edited text stayed). */}
          <input type="file" accept=".json,.yaml,.yml" onClick={(e) => { e.currentTarget.value = ''; }} onChange={(e) => { const f = e.target.files?.[0]; if (f) void readFile(f); }} />
        </label>
        <label>
          Version label
          <input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="from info.version" />
        </label>
        {ownerTeams && (
          <label>
            Owner team
            <select value={sentOwner} onChange={(e) => setPicked(e.target.value)}>
              {ownerTeams.optional && <option value="">from the spec&apos;s x-owner, or none</option>}
              {ownerTeams.slugs.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </label>
        )}
      </div>
      <label>
        …or paste it (OpenAPI 3.0 to 3.2 or Swagger 2.0, JSON or YAML)
        <textarea className="mono" rows={12} value={text} onChange={(e) => { setText(e.target.value); setFileProblem(null); }} aria-label="Spec text" />
      </label>
      <div className="row">
        {/* aria-disabled, not disabled, while an answer is awaited: a button turning disabled under the keyboard dropped
            the focus to the page's start. Registering withdraws the preview (Register turns disabled): its answer takes the focus. */}
        <button type="submit" disabled={!text.trim()} aria-disabled={previewMutation.isPending}>Validate and preview</button>
        <button type="button" className="primary" disabled={preview?.status !== 'ok'} aria-disabled={register.isPending} onClick={() => !register.isPending && register.mutate()}>Register this version</button>
        {fileProblem && <span role="alert" className="form-error">{fileProblem.file}: {fileProblem.message}</span>}
        {previewMutation.isError && <span role="alert" className="form-error">{previewMutation.error.message}</span>}
        {register.isError && <span role="alert" className="form-error">{register.error.message}</span>}
        {register.isSuccess && <span key={register.submittedAt} role="status" tabIndex={-1} ref={focusOnMount}>{registeredText(register.data, register.data.asked)}</span>}
      </div>
      {register.isSuccess && !preview && <SpecWarnings warnings={register.data.warnings} />}
      {preview?.status === 'invalid' && (
        <div className="state-box error" role="alert" style={{ textAlign: 'left' }}>
          <strong>The spec is invalid:</strong>
          <ul aria-label="Validation problems">{preview.problems.map((p, i) => <li key={i}><code>{problemAt(p)}</code> {p.message}</li>)}</ul>
        </div>
      )}
      {preview?.status === 'ok' && (
        <div className="panel" aria-label="Preview">
          <p><strong>{preview.title}</strong> {preview.version}{preview.labelInUse && ` (${labelInUseText(preview.labelInUse)})`} · {formatCount(preview.operationCount)} operations</p>
          <SpecWarnings warnings={preview.warnings} />
          <SpecDiffView diff={preview.diff} />
          <h2>Shadow endpoints this version documents ({formatCount(preview.adopts.length)})</h2>
          {preview.adopts.length === 0 ? <p className="muted">None.</p> : (
            <ul className="mono" aria-label="Shadow endpoints adopted">{preview.adopts.map((a) => <li key={a.id}>{a.method} {a.host}{a.path} <span className="muted">({formatCount(a.requests)} requests)</span></li>)}</ul>
          )}
        </div>
      )}
    </form>
  );
}
