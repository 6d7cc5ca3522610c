import { creditCodeCheckChar } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import {
  creditCodeFieldProblem,
  draftProblems,
  emptyDraft,
  fieldOfPath,
  normalizeCreditCode,
  passwordRules,
  regionFromCreditCode,
  type RegistrationDraft,
  registrationBody,
} from './signup-form';

const CODE = '91320500MA1234567' + creditCodeCheckChar('91320500MA1234567');
const complete: RegistrationDraft = {
  kind: 'AGENCY',
  name: ' 鼎城招标代理有限公司 ',
  creditCode: CODE,
  regionCode: '320500',
  contactName: '林经理',
  contactPhone: '13912345678',
  contactEmail: '',
  username: 'dingcheng',
  displayName: '林申请',
  password: 'Agency-pass-2026',
  passwordAgain: 'Agency-pass-2026',
};

describe('the sign-up form', () => {
  it('turns a complete draft into the body the contract takes, trimmed', () => {
    expect(draftProblems(complete)).toEqual({});
    expect(registrationBody(complete)).toEqual({
      organization: {
        name: '鼎城招标代理有限公司',
        kind: 'AGENCY',
        creditCode: CODE,
        regionCode: '320500',
        contact: { name: '林经理', phone: '13912345678', email: '' },
      },
      user: { username: 'dingcheng', displayName: '林申请', password: 'Agency-pass-2026' },
    });
  });

  it('names every missing field of an empty draft and gives no body', () => {
    expect(Object.keys(draftProblems(emptyDraft)).sort()).toEqual(
      ['contactName', 'contactPhone', 'creditCode', 'displayName', 'kind', 'name', 'password', 'regionCode', 'username'].sort(),
    );
    expect(registrationBody(emptyDraft)).toBeNull();
  });

  it('takes a landline with its area code or a mobile number, and an email only when well formed', () => {
    for (const phone of ['0512-68881234', '051268881234', '0512-68881234-801', '13812345678']) {
      expect(draftProblems({ ...complete, contactPhone: phone }).contactPhone).toBeUndefined();
    }
    for (const phone of ['12345', '2345678', '1381234567x']) {
      expect(draftProblems({ ...complete, contactPhone: phone }).contactPhone).toEqual({ key: 'contactPhone' });
    }
    expect(draftProblems({ ...complete, contactEmail: 'lin@example.cn' }).contactEmail).toBeUndefined();
    expect(draftProblems({ ...complete, contactEmail: 'lin@' }).contactEmail).toEqual({ key: 'contactEmail' });
  });

  it('wants the password typed twice alike, and a username the platform accepts', () => {
    expect(draftProblems({ ...complete, passwordAgain: 'Agency-pass-2025' }).passwordAgain).toEqual({ key: 'passwordAgain' });
    expect(draftProblems({ ...complete, username: 'Lin Wei' }).username).toEqual({ key: 'username' });
  });
});

describe('the credit code, checked while it is typed', () => {
  it('is read as a licence prints it', () => {
    expect(normalizeCreditCode(' 9132 0500ma ')).toBe('91320500MA');
  });

  it('says how many characters are still missing, which one is wrong, or that the check character does not match', () => {
    expect(creditCodeFieldProblem('913205')).toEqual({ key: 'creditCodeTOO_SHORT', values: { length: 6 } });
    expect(creditCodeFieldProblem('91320500MO')).toEqual({ key: 'creditCodeBAD_CHARACTER', values: { position: 10, character: 'O' } });
    const wrongCheck = CODE.slice(0, 17) + (CODE.endsWith('0') ? '1' : '0');
    expect(creditCodeFieldProblem(wrongCheck)).toEqual({ key: 'creditCodeCHECK_MISMATCH', values: {} });
    expect(creditCodeFieldProblem(CODE)).toBeNull();
  });

  it('offers the region code the credit code embeds once it can be read', () => {
    expect(regionFromCreditCode('9132050')).toBeNull();
    expect(regionFromCreditCode('91320500')).toBe('320500');
    expect(regionFromCreditCode('91990500')).toBeNull();
  });
});

describe('password rules', () => {
  it('checks length, letters with digits, and the 72 bytes bcrypt reads', () => {
    expect(passwordRules('short1')).toEqual({ minLength: false, lettersAndDigits: true, maxBytes: true });
    expect(passwordRules('onlyletters')).toEqual({ minLength: true, lettersAndDigits: false, maxBytes: true });
    expect(passwordRules(`a1${'密'.repeat(24)}`)).toEqual({ minLength: true, lettersAndDigits: true, maxBytes: false });
  });
});

describe('fieldOfPath', () => {
  it('maps the platform’s validation paths to the form’s fields', () => {
    expect(fieldOfPath('organization.contact.phone')).toBe('contactPhone');
    expect(fieldOfPath('user.password')).toBe('password');
    expect(fieldOfPath('organization')).toBeNull();
  });
});
