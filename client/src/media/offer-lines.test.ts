import { describe, expect, it } from 'vitest';
import { offeredLines } from './offer-lines';

/** The shape of an offer the SFU makes: a data channel, the m-lines it receives on, the ones it forwards on. */
const offer = [
  'v=0',
  'o=- 1 0 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2 3',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=recvonly',
  'a=mid:1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=recvonly',
  'a=mid:2',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=sendonly',
  'a=mid:3',
  'a=msid:00000000-0000-4000-8000-0000000000e2 t-0123456789abcdef',
  '',
].join('\r\n');

describe('offeredLines', () => {
  it('finds the lines the server receives on and names the source of the lines it forwards on', () => {
    expect(offeredLines(offer)).toEqual([
      { mid: '1', kind: 'audio', serverReceives: true, source: null },
      { mid: '2', kind: 'video', serverReceives: true, source: null },
      { mid: '3', kind: 'video', serverReceives: false, source: { participantId: '00000000-0000-4000-8000-0000000000e2', trackId: 't-0123456789abcdef' } },
    ]);
  });

  it('reads offers with bare newlines and ignores lines without a mid or a usable msid', () => {
    const sdp = ['v=0', 'm=audio 9 RTP/AVP 0', 'a=sendonly', 'm=video 0 UDP/TLS/RTP/SAVPF 96', 'a=mid:4', 'a=msid:only-a-stream', 'a=inactive'].join('\n');
    expect(offeredLines(sdp)).toEqual([{ mid: '4', kind: 'video', serverReceives: false, source: null }]);
  });
});
