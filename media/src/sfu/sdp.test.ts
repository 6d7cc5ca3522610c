import { describe, expect, it } from 'vitest';
import { MediaErrorCode } from '../errors';
import { capReceiveBitrate, checkAnswerShape } from './sdp';

const section = (kind: string, mid: string, direction: string, setup = 'actpass') =>
  [`m=${kind} 9 UDP/TLS/RTP/SAVPF 96`, 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:abcd', 'a=fingerprint:sha-256 AA:BB', `a=setup:${setup}`, `a=${direction}`, `a=mid:${mid}`];
const sdp = (...sections: string[][]) => ['v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', ...sections.flat(), ''].join('\r\n');

describe('capReceiveBitrate', () => {
  it('caps the m-lines the server receives on, per kind, after their c= line', () => {
    const capped = capReceiveBitrate(sdp(section('video', '0', 'recvonly'), section('audio', '1', 'recvonly'), section('video', '2', 'sendonly')), { audio: 48, video: 600 });
    const lines = capped.split('\r\n');
    expect(lines[lines.indexOf('a=mid:0') - 5]).toBe('b=AS:600');
    expect(lines[lines.indexOf('a=mid:1') - 5]).toBe('b=AS:48');
    expect(capped.match(/b=AS/g)).toHaveLength(2);
  });
});

describe('checkAnswerShape', () => {
  const offer = sdp(section('video', '0', 'recvonly'), section('audio', '1', 'sendonly'));
  const answer = sdp(section('video', '0', 'sendonly', 'active'), section('audio', '1', 'recvonly', 'active'));

  it('accepts an answer that mirrors the offer', () => {
    expect(() => checkAnswerShape(answer, offer)).not.toThrow();
  });

  it.each([
    ['not SDP', 'hello'],
    ['missing m-line', sdp(section('video', '0', 'sendonly', 'active'))],
    ['reordered mids', sdp(section('audio', '1', 'recvonly', 'active'), section('video', '0', 'sendonly', 'active'))],
    ['no fingerprint', answer.replaceAll('a=fingerprint:sha-256 AA:BB\r\n', '')],
    ['offerer DTLS role', answer.replaceAll('a=setup:active', 'a=setup:actpass')],
  ])('refuses %s with INVALID_SDP', (_name, bad) => {
    expect(() => checkAnswerShape(bad, offer)).toThrow(expect.objectContaining({ code: MediaErrorCode.INVALID_SDP }));
  });
});
