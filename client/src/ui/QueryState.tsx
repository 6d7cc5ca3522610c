import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Loading } from './Card';
import { ErrorNotice } from './errors';

type Empty<T> = { isEmpty: (data: T) => boolean; empty: ReactNode } | { isEmpty?: never; empty?: never };

/** A query's loading, error and empty states, drawn in one place so that every page shows them alike and offers the same retry. */
export function QueryState<T>({ query, isEmpty, empty, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode } & Empty<T>) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <p className="empty">{empty}</p>;
  return children(query.data);
}
