import type { RouteDef } from '@bidhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../app/services';
import type { CallArgs } from './http';

/** Query keys start with the route's path, so invalidating a path refreshes every query of that route. */
export const routeKey = (route: RouteDef, input?: object) => (input ? [route.path, input] : [route.path]);

/** A GET route as a cached query; the input is part of the key. */
export function useApiQuery<D extends RouteDef>(route: D, ...[input]: CallArgs<D>) {
  return useQuery({
    queryKey: routeKey(route, input ?? {}),
    queryFn: ({ signal }) => api.call(route, ...([input, { signal }] as CallArgs<D>)),
  });
}
