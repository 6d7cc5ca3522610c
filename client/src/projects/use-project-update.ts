import { apiRoutes, type TProject } from '@bidhall/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { routeKey } from '../api/queries';

/** Every change to a project answers with the whole project: it replaces the cached one, and lists built from it refresh. */
export function useProjectUpdate(): (project: TProject) => void {
  const queryClient = useQueryClient();
  return (project) => {
    queryClient.setQueryData(routeKey(apiRoutes.projects.get, { params: { projectId: project.id } }), project);
    // Publication also publishes the draft's tender documents.
    const stale = [apiRoutes.projects.list, ...(project.status === 'PUBLISHED' ? [apiRoutes.projects.portalList, apiRoutes.projects.portalGet, apiRoutes.tenderDocuments.list] : [])];
    for (const route of stale) void queryClient.invalidateQueries({ queryKey: routeKey(route) });
  };
}
