/** One m-line of a server offer, as far as the client needs it. */
export interface OfferedLine {
  mid: string;
  kind: 'audio' | 'video';
  /** The server receives on this line: the client's camera or microphone goes here. */
  serverReceives: boolean;
  /** Who publishes what the server sends on this line (its msid); null on lines the server receives on. */
  source: { participantId: string; trackId: string } | null;
}

const attribute = (lines: string[], name: string): string | undefined => lines.find((line) => line.startsWith(`a=${name}:`))?.slice(name.length + 3);

/**
 * The audio and video m-lines of an offer. The server names the publisher and the track of each
 * line it forwards on in the line's msid (`a=msid:<participantId> <trackId>`), which is how an
 * incoming transceiver is matched to the track the room announced.
 */
export function offeredLines(sdp: string): OfferedLine[] {
  const sections = sdp.split(/\r?\n(?=m=)/).slice(1);
  return sections.flatMap((section): OfferedLine[] => {
    const lines = section.split(/\r?\n/);
    const kind = /^m=(audio|video) /.exec(lines[0] ?? '')?.[1] as OfferedLine['kind'] | undefined;
    const mid = attribute(lines, 'mid');
    if (!kind || mid === undefined) return [];
    const [participantId, trackId] = (attribute(lines, 'msid') ?? '').split(' ');
    return [
      {
        mid,
        kind,
        serverReceives: lines.includes('a=recvonly'),
        source: participantId && trackId ? { participantId, trackId } : null,
      },
    ];
  });
}
