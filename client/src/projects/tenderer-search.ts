/** A tenderer of the platform's directory, as an agency picks one for a project. */
export interface TendererEntry {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
}

/**
 * The tenderers a search matches, best first: names that begin with the query, then names that
 * contain it, then credit codes that contain it (typed in any case). An empty query lists the
 * first ones in the directory's order. At most `limit`, so the list stays readable.
 */
export function searchTenderers(entries: readonly TendererEntry[], query: string, limit = 8): TendererEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return entries.slice(0, limit);
  const rank = (entry: TendererEntry): number => {
    const name = entry.name.toLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    if (entry.creditCode.toLowerCase().includes(q.replace(/\s+/g, ''))) return 2;
    return -1;
  };
  return entries
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .filter((match) => match.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((match) => match.entry);
}
