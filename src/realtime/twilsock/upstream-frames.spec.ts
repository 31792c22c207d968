import { toUpstreamReply } from './upstream-frames';

describe('toUpstreamReply', () => {
  it('keeps the reason phrase of a success', () => {
    const { header, payload } = toUpstreamReply('TM1', { status: 201, body: { sid: 'CH1' } });
    expect(header.http_status).toEqual({ code: 201, status: 'Created' });
    expect(payload).toBe('{"sid":"CH1"}');
  });

  it("puts a Twilio error's message in http_status.status, which the SDK makes the error message", () => {
    const body = { code: 50107, message: 'User unauthorized to perform action', more_info: 'x', status: 403 };
    const { header, payload } = toUpstreamReply('TM2', { status: 403, body });
    expect(header.http_status).toEqual({ code: 403, status: 'User unauthorized to perform action' });
    expect(JSON.parse(payload!)).toEqual(body);
  });

  it('falls back to the reason phrase for an error without a message', () => {
    expect(toUpstreamReply('TM3', { status: 404, body: { status: 404, code: 50530 } }).header.http_status).toEqual({
      code: 404,
      status: 'Not Found',
    });
    expect(toUpstreamReply('TM4', { status: 500 }).header.http_status).toEqual({ code: 500, status: 'Internal Server Error' });
  });
});
