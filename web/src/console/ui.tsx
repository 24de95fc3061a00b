import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api';
import { useLoad } from '../shared/hooks';

export interface SectionProps {
  api: Api;
}

export interface Page<T> {
  items: T[];
  pagination: { page: number; limit: number; totalItems: number; totalPages: number; hasNext: boolean; hasPrev: boolean };
}

/** A query string from the values that are set. */
export const query = (params: Record<string, string | number | boolean | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** One page of an admin list, with its page number and a way to load it again. */
export function usePage<T>(api: Api, path: string, params: Record<string, string | number | boolean | undefined>, deps: unknown[]) {
  const [page, setPage] = useState(1);
  const loaded = useLoad(() => api.call<Page<T>>(`${path}${query({ ...params, page, limit: 20 })}`), [page, ...deps]);
  return { ...loaded, page, setPage };
}

export function Pager({ data, setPage }: { data?: Page<unknown>; setPage: (page: number) => void }) {
  if (!data) return null;
  const { page, totalPages, totalItems, hasNext, hasPrev } = data.pagination;
  return (
    <p class="pager">
      <button type="button" disabled={!hasPrev} onClick={() => setPage(page - 1)}>
        이전
      </button>
      <span class="muted">
        {page} / {Math.max(1, totalPages)} 쪽 · 모두 {totalItems}건
      </span>
      <button type="button" disabled={!hasNext} onClick={() => setPage(page + 1)}>
        다음
      </button>
    </p>
  );
}

export function Loading({ error, loading, children }: { error?: string; loading: boolean; children: ComponentChildren }) {
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  return (
    <>
      {loading && <p class="muted">불러오는 중…</p>}
      {children}
    </>
  );
}

/** Runs an admin action, showing its error; `done` reloads what it changed. */
export function useAction() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done?: () => void) => {
    setError('');
    setBusy(true);
    try {
      await action();
      done?.();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const shown = error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
  return { run, busy, shown };
}
