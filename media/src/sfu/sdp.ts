import { MediaError, MediaErrorCode } from '../errors';

/**
 * Adds b=AS to every m-section the server receives on, which a browser answering the offer
 * takes as the most it may send there.
 */
export function capReceiveBitrate(sdp: string, kbps: { audio: number; video: number }): string {
  const lines = sdp.split('\r\n');
  const sections: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([]);
    sections.at(-1)!.push(line);
  }
  return sections
    .map((section) => {
      const m = section[0] ?? '';
      const kind = m.startsWith('m=video') ? 'video' : m.startsWith('m=audio') ? 'audio' : undefined;
      const receives = section.some((l) => l === 'a=recvonly' || l === 'a=sendrecv');
      if (!kind || !receives || section.some((l) => l.startsWith('b=AS:'))) return section;
      const at = section.findIndex((l) => l.startsWith('c='));
      const capped = [...section];
      capped.splice(at < 0 ? 1 : at + 1, 0, `b=AS:${kbps[kind]}`);
      return capped;
    })
    .flat()
    .join('\r\n');
}

const mids = (sdp: string): string[] => [...sdp.matchAll(/^a=mid:(\S+)\r?$/gm)].map((m) => m[1]!);

/**
 * An answer must mirror the offer's m-sections, in order (RFC 3264 §6); werift applies some
 * malformed answers without complaint, so the shape is checked before it gets them.
 */
export function checkAnswerShape(answer: string, offer: string): void {
  const fail = (reason: string) => new MediaError(MediaErrorCode.INVALID_SDP, `answer rejected: ${reason}`);
  if (!/^v=0\r?\n/.test(answer)) throw fail('does not start with v=0');
  if (!/^o=.+$/m.test(answer) || !/^t=.+$/m.test(answer)) throw fail('missing o= or t= line');
  const offered = mids(offer);
  const answered = mids(answer);
  const offeredLines = (offer.match(/^m=/gm) ?? []).length;
  const answeredLines = (answer.match(/^m=/gm) ?? []).length;
  if (answeredLines !== offeredLines) throw fail(`${answeredLines} m-sections for an offer with ${offeredLines}`);
  if (answered.join(' ') !== offered.join(' ')) throw fail(`mids ${answered.join(',')} do not match offered ${offered.join(',')}`);
  if (offeredLines > 0 && !/^a=fingerprint:\S+ [0-9A-Fa-f:]+\r?$/m.test(answer)) throw fail('no DTLS fingerprint');
  if (offeredLines > 0 && !/^a=ice-ufrag:\S+\r?$/m.test(answer)) throw fail('no ICE credentials');
  // RFC 5763 §5: the answerer picks a DTLS role; actpass (or anything else) is the offerer's word.
  const setups = [...answer.matchAll(/^a=setup:(\S+)\r?$/gm)].map((m) => m[1]);
  if (setups.some((role) => role !== 'active' && role !== 'passive')) throw fail(`DTLS setup ${setups.join(',')}`);
}
