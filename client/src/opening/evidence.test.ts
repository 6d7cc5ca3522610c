import { describe, expect, it } from 'vitest';
import { clientEvidenceCode, readFailureNote } from './evidence';
import { LocalDecryptError } from './content-key';

describe('clientEvidenceCode', () => {
  it('reads the code the browser put first in its report', () => {
    expect(clientEvidenceCode(new LocalDecryptError('NO_KEY', 'no private key of the organization is stored in this browser').evidence)).toBe('NO_KEY');
    expect(clientEvidenceCode('HEADER_UNAVAILABLE: the envelope header could not be downloaded: NETWORK_ERROR (HTTP 0)')).toBe('HEADER_UNAVAILABLE');
  });

  it('knows nothing of other text', () => {
    expect(clientEvidenceCode(null)).toBeNull();
    expect(clientEvidenceCode('SOMETHING_ELSE: ?')).toBeNull();
    expect(clientEvidenceCode('the content key does not open this envelope')).toBeNull();
  });
});

describe('readFailureNote', () => {
  it('reads each sentence the opening hall writes', () => {
    expect(readFailureNote('平台原因未能解密（STORAGE_ERROR），视为撤回')).toEqual({ cause: 'platform', outcome: 'STORAGE_ERROR' });
    expect(readFailureNote('投标人原因未能解密（CLIENT_ERROR），视为撤销')).toEqual({ cause: 'bidder', outcome: 'CLIENT_ERROR' });
    expect(readFailureNote('投标文件无法读取（FORM_INVALID），视为撤销')).toEqual({ cause: 'unreadable', outcome: 'FORM_INVALID' });
    expect(readFailureNote('解密时间内未解密，视为撤销')).toEqual({ cause: 'timeout' });
  });

  it('keeps a note it does not know as written, also with an unknown code', () => {
    expect(readFailureNote('主持人说明')).toEqual({ cause: 'other', text: '主持人说明' });
    expect(readFailureNote('投标人原因未能解密（NEW_OUTCOME），视为撤销')).toEqual({ cause: 'other', text: '投标人原因未能解密（NEW_OUTCOME），视为撤销' });
  });
});
