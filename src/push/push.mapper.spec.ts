import type { AppConfig } from '../config/app-config';
import { PushMapper } from './push.mapper';
import type { PushCredentialRecord } from './push.types';

const mapper = new PushMapper({ publicUrl: 'https://router.example' } as AppConfig);

const credential: PushCredentialRecord = {
  sid: `CR${'a'.repeat(32)}`,
  accountSid: `AC${'b'.repeat(32)}`,
  friendlyName: 'iOS',
  type: 'apn',
  sandbox: true,
  dateCreated: new Date('2015-10-07T17:50:01.123Z'),
  dateUpdated: new Date('2015-10-07T17:50:01.999Z'),
};

describe('PushMapper', () => {
  it('shapes a credential as the example: sandbox as "True"/"False", no secret fields', () => {
    expect(mapper.credential(credential)).toEqual({
      sid: credential.sid,
      account_sid: credential.accountSid,
      friendly_name: 'iOS',
      type: 'apn',
      sandbox: 'True',
      date_created: '2015-10-07T17:50:01Z',
      date_updated: '2015-10-07T17:50:01Z',
      url: `https://router.example/v1/Credentials/${credential.sid}`,
    });
    expect(mapper.credential({ ...credential, sandbox: false }).sandbox).toBe('False');
  });

  it('copies only the fields it knows, even if a record carried more', () => {
    const leaky = { ...credential, secrets: { certificate: 'PEM' } } as PushCredentialRecord;
    expect(JSON.stringify(mapper.credential(leaky))).not.toContain('PEM');
  });
});
