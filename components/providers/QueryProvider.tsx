'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '@/components/hooks/use-api';
import { signInUrl } from '@/lib/auth/return-path';

/**
 * A 401 from our API means the session ended mid-use (expired, signed out elsewhere, revoked): instead of leaving
 * "Could not load…: sign in or send an API token" on a page that can never load again, go to sign-in, which
 * returns here afterwards.
 */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) window.location.assign(signInUrl(window.location.pathname + window.location.search));
}

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onApiError }),
        mutationCache: new MutationCache({ onError: onApiError }),
        defaultOptions: { queries: { staleTime: 15_000, retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 1, refetchOnWindowFocus: false } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
