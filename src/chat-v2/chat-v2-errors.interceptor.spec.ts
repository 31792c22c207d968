import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { toChatError } from './chat-v2-errors.interceptor';

describe('Chat v2 errors', () => {
  it("answers Chat's codes and words for the Conversations errors Chat names otherwise", () => {
    const exists = toChatError(Errors.participantExists('alice')) as TwilioError;
    expect({ code: exists.code, status: exists.status }).toEqual({ code: 50404, status: 409 });
    expect(exists.message).toBe('Member already exists: alice is already in this channel');
    const unique = toChatError(Errors.uniqueNameExists('general')) as TwilioError;
    expect({ code: unique.code, status: unique.status }).toEqual({ code: 50307, status: 409 });
    expect(unique.message).toContain('Channel with provided unique name already exists');
  });

  it('leaves other errors, and anything that is not a TwilioError, as they are', () => {
    const other = Errors.userExists('conversation-bot');
    expect(toChatError(other)).toBe(other);
    const plain = new Error('boom');
    expect(toChatError(plain)).toBe(plain);
  });
});
