import type { ArgumentMetadata } from '@nestjs/common';
import { TwilioError } from '../twilio-error';
import { TwilioParam } from './twilio-param.decorator';
import { TwilioParamsPipe } from './twilio-params.pipe';
import { OutboundPolicy } from '../outbound-policy';
import { Bool, Duration, HttpUrl, Int, IsoDate, JsonString, OneOf, OutboundUrl, Sid, SidList, Text, TextList } from './validators';
import { SidPrefix } from '../sid';

class PagingDto {
  @TwilioParam('PageSize')
  @Int(1, 1000)
  pageSize?: number;
}

class SampleDto extends PagingDto {
  @TwilioParam('FriendlyName')
  @Text(8, { code: 50003 })
  friendlyName?: string;

  @TwilioParam('Attributes')
  @JsonString(32)
  attributes?: string;

  @TwilioParam('State')
  @OneOf(['active', 'inactive', 'closed'], { code: 50378, emptyCode: 50374 })
  state?: string;

  @TwilioParam('Order')
  @OneOf(['asc', 'desc'])
  order?: string;

  @TwilioParam('XTwilioWebhookEnabled')
  @Bool()
  webhookEnabled?: boolean;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('Timers.Inactive')
  @Duration({ code: 50379 })
  timersInactive?: string;

  @TwilioParam('MessagingBinding.Address')
  @Text(10, { code: 50407 })
  messagingBindingAddress?: string;

  @TwilioParam('MessagingServiceSid')
  @Sid(SidPrefix.MessagingService, { code: 50341 })
  messagingServiceSid?: string;

  @TwilioParam('MediaSid', { array: true })
  @SidList(SidPrefix.Media, 2)
  mediaSids?: string[];

  @TwilioParam('Filters', { array: true })
  @TextList(3, 5)
  filters?: string[];

  @TwilioParam('Url')
  @HttpUrl(40)
  url?: string;
}

class Undeclared {
  anything?: string;
}

const pipe = new TwilioParamsPipe();
const body = (metatype: ArgumentMetadata['metatype'] = SampleDto): ArgumentMetadata => ({ type: 'body', metatype });

function run(params: Record<string, string | string[] | undefined>, metadata = body()): SampleDto {
  return pipe.transform(params, metadata) as SampleDto;
}

function fails(params: Record<string, string | string[]>, metadata = body()): TwilioError {
  try {
    pipe.transform(params, metadata);
  } catch (err) {
    if (err instanceof TwilioError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
}

describe('TwilioParamsPipe', () => {
  it('maps wire names (dot paths included) to DTO properties and returns a DTO instance', () => {
    const dto = run({ FriendlyName: 'Support', 'MessagingBinding.Address': '+1555', PageSize: '5' });
    expect(dto).toBeInstanceOf(SampleDto);
    expect(dto).toEqual(Object.assign(new SampleDto(), { friendlyName: 'Support', messagingBindingAddress: '+1555', pageSize: 5 }));
  });

  it('matches parameter names case-insensitively', () => {
    expect(run({ friendlyname: 'a', 'messagingbinding.address': 'b' })).toMatchObject({ friendlyName: 'a', messagingBindingAddress: 'b' });
  });

  it('accepts an empty request', () => {
    expect(run({})).toEqual(new SampleDto());
  });

  it('rejects an unknown parameter with 20001 and lists the accepted ones', () => {
    const err = fails({ FriendlyName: 'a', Bogus: 'x' });
    expect(err).toMatchObject({ code: 20001, status: 400 });
    expect(err.message).toContain("Unknown parameter 'Bogus'");
    expect(err.message).toContain('MessagingBinding.Address');
    expect(err.message).toContain('PageSize');
  });

  it('rejects a scalar given twice with 20001', () => {
    const err = fails({ FriendlyName: ['a', 'b'] });
    expect(err).toMatchObject({ code: 20001, status: 400 });
    expect(err.message).toBe("Parameter 'FriendlyName' was given 2 times; give it once");
  });

  it('turns a single value of an array parameter into a one-item array, and keeps repeated ones', () => {
    expect(run({ Filters: 'a' }).filters).toEqual(['a']);
    expect(run({ Filters: ['a', 'b', 'c'] }).filters).toEqual(['a', 'b', 'c']);
    expect(fails({ Filters: ['a', 'b', 'c', 'd'] }).code).toBe(20001);
    expect(fails({ Filters: ['toolong'] }).message).toMatch(/^Filters takes at most 3 values/);
  });

  it('normalises enums case-insensitively to their canonical spelling', () => {
    expect(run({ State: 'INACTIVE', Order: ' Desc ' })).toMatchObject({ state: 'inactive', order: 'desc' });
  });

  it('answers an empty State with 50374 and an invalid one with 50378', () => {
    expect(fails({ State: '' })).toMatchObject({ code: 50374, status: 400, message: "State can't be empty" });
    expect(fails({ State: '   ' }).code).toBe(50374);
    const invalid = fails({ State: 'open' });
    expect(invalid).toMatchObject({ code: 50378, status: 400 });
    expect(invalid.message).toBe('State must be one of: active, inactive, closed');
  });

  it('uses 20001 for a rule without a code of its own', () => {
    expect(fails({ Order: 'sideways' })).toMatchObject({ code: 20001, message: 'Order must be one of: asc, desc' });
  });

  it('converts booleans, case-insensitively, and rejects anything else', () => {
    expect(run({ XTwilioWebhookEnabled: 'TRUE' }).webhookEnabled).toBe(true);
    expect(run({ XTwilioWebhookEnabled: 'false' }).webhookEnabled).toBe(false);
    expect(fails({ XTwilioWebhookEnabled: 'yes' })).toMatchObject({ code: 20001, message: 'XTwilioWebhookEnabled must be true or false' });
    expect(fails({ XTwilioWebhookEnabled: '1' }).code).toBe(20001);
  });

  it('converts integers within bounds and rejects the rest', () => {
    expect(run({ PageSize: '1000' }).pageSize).toBe(1000);
    expect(fails({ PageSize: '0' })).toMatchObject({ code: 20001, message: 'PageSize must be an integer from 1 to 1000' });
    expect(fails({ PageSize: '1001' }).code).toBe(20001);
    expect(fails({ PageSize: '2.5' }).code).toBe(20001);
    expect(fails({ PageSize: 'ten' }).code).toBe(20001);
    expect(fails({ PageSize: '99999999999999999999' }).code).toBe(20001);
  });

  it('converts ISO-8601 dates (UTC when no zone is given) and answers bad ones with the decorator code', () => {
    expect(run({ DateCreated: '2024-01-02T03:04:05Z' }).dateCreated).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(run({ DateCreated: '2024-01-02T03:04:05' }).dateCreated).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(run({ DateCreated: '2024-01-02T05:04:05+02:00' }).dateCreated).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(run({ DateCreated: '2024-01-02' }).dateCreated).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(fails({ DateCreated: 'yesterday' })).toMatchObject({ code: 50308, status: 400 });
    expect(fails({ DateCreated: '2024-13-45T00:00:00Z' }).code).toBe(50308);
    expect(fails({ DateCreated: '2021-02-30' }).code).toBe(50308);
    expect(fails({ DateCreated: '2021-02-29T10:00:00Z' }).code).toBe(50308);
    expect(fails({ DateCreated: '2021-04-31T10:00:00+02:00' }).code).toBe(50308);
    expect(run({ DateCreated: '2024-02-29T10:00:00Z' }).dateCreated).toEqual(new Date('2024-02-29T10:00:00Z'));
    expect(fails({ DateCreated: '1704164645' }).code).toBe(50308);
  });

  it('checks ISO-8601 durations', () => {
    expect(run({ 'Timers.Inactive': 'PT5M' }).timersInactive).toBe('PT5M');
    const err = fails({ 'Timers.Inactive': '5 minutes' });
    expect(err).toMatchObject({ code: 50379, message: 'Timers.Inactive must be an ISO-8601 duration, for example PT10M or P1D' });
  });

  it('JsonString: answers oversize with 50303 and bad syntax with 50304', () => {
    expect(run({ Attributes: '{"a":1}' }).attributes).toBe('{"a":1}');
    expect(run({ Attributes: '"just a string"' }).attributes).toBe('"just a string"');
    expect(fails({ Attributes: '{a:1}' })).toMatchObject({ code: 50304, status: 400, message: 'Attributes must be a valid JSON string' });
    expect(fails({ Attributes: '' }).code).toBe(50304);
    const big = JSON.stringify({ k: 'x'.repeat(40) });
    expect(fails({ Attributes: big })).toMatchObject({ code: 50303, message: 'Attributes must be at most 32 bytes' });
  });

  it('JsonString counts UTF-8 bytes, not characters', () => {
    // 13 characters of 2 bytes each: 21 characters, 34 bytes with the JSON around them.
    expect(fails({ Attributes: JSON.stringify({ k: 'ü'.repeat(13) }) }).code).toBe(50303);
    expect(run({ Attributes: JSON.stringify({ k: 'u'.repeat(13) }) }).attributes).toBe(`{"k":"${'u'.repeat(13)}"}`);
  });

  it('Text counts characters (code points) and carries the decorator code', () => {
    expect(run({ FriendlyName: '😀'.repeat(8) }).friendlyName).toBe('😀'.repeat(8));
    expect(fails({ FriendlyName: 'x'.repeat(9) })).toMatchObject({ code: 50003, message: 'FriendlyName must be at most 8 characters' });
  });

  it('names dot-path parameters by their wire names in messages', () => {
    const err = fails({ 'MessagingBinding.Address': '+155512300019' });
    expect(err).toMatchObject({ code: 50407, message: 'MessagingBinding.Address must be at most 10 characters' });
  });

  it('normalises SIDs and checks their prefix', () => {
    const mg = `MG${'AB'.repeat(16)}`;
    expect(run({ MessagingServiceSid: ` ${mg} ` }).messagingServiceSid).toBe(`MG${'ab'.repeat(16)}`);
    expect(fails({ MessagingServiceSid: `IS${'ab'.repeat(16)}` })).toMatchObject({
      code: 50341,
      message: 'MessagingServiceSid must be a MG SID (MG followed by 32 hex digits)',
    });
    expect(run({ MediaSid: [`ME${'CD'.repeat(16)}`] }).mediaSids).toEqual([`ME${'cd'.repeat(16)}`]);
    expect(fails({ MediaSid: [`ME${'a'.repeat(32)}`, `ME${'b'.repeat(32)}`, `ME${'c'.repeat(32)}`] }).code).toBe(20001);
    expect(fails({ MediaSid: 'MEnope' }).code).toBe(20001);
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(run({ Url: 'https://example.test/hook' }).url).toBe('https://example.test/hook');
    expect(fails({ Url: 'ftp://example.test/' }).code).toBe(20001);
    expect(fails({ Url: '/relative' }).code).toBe(20001);
    expect(fails({ Url: `https://example.test/${'x'.repeat(40)}` }).code).toBe(20001);
  });

  it('validates query strings the same way', () => {
    expect(pipe.transform({ pagesize: '3' }, { type: 'query', metatype: PagingDto })).toEqual(
      Object.assign(new PagingDto(), { pageSize: 3 }),
    );
    expect(fails({ State: 'x' }, { type: 'query', metatype: PagingDto }).message).toContain("Unknown parameter 'State'");
  });

  it('leaves path parameters, custom arguments and undeclared classes alone', () => {
    const value = { Anything: 'x' };
    expect(pipe.transform(value, { type: 'param', metatype: String, data: 'Sid' })).toBe(value);
    expect(pipe.transform(value, { type: 'custom', metatype: SampleDto })).toBe(value);
    expect(pipe.transform(value, body(Undeclared))).toBe(value);
    expect(pipe.transform(value, { type: 'body' })).toBe(value);
  });

  it('refuses a NUL character in any value, repeated value, name, query or path parameter with 20001, naming it', () => {
    expect(fails({ FriendlyName: 'a\u0000b' })).toMatchObject({
      code: 20001,
      message: "Parameter 'FriendlyName' must not contain NUL characters (%00)",
    });
    expect(fails({ Filters: ['ok', 'no\u0000'] }).message).toContain("'Filters'");
    expect(fails({ 'Bogus\u0000': 'x' }).message).toContain("Parameter 'Bogus%00'");
    expect(fails({ State: '\u0000' }, { type: 'query', metatype: PagingDto }).code).toBe(20001);
    expect(() => pipe.transform('CH\u0000', { type: 'param', metatype: String, data: 'Sid' })).toThrow(
      'Path parameter Sid must not contain NUL',
    );
    // Even where no DTO declares the parameters.
    expect(() => pipe.transform({ Anything: '\u0000' }, body(Undeclared))).toThrow(TwilioError);
    expect(pipe.transform('CH1', { type: 'param', metatype: String, data: 'Sid' })).toBe('CH1');
  });

  it("checks @OutboundUrl parameters against the outbound policy, with the parameter's code; other requests stay synchronous", async () => {
    class HookDto {
      @TwilioParam('PostWebhookUrl')
      @OutboundUrl(1024, { code: 50078 })
      postWebhookUrl?: string;

      @TwilioParam('FriendlyName')
      @Text(8)
      friendlyName?: string;
    }
    const guarded = new TwilioParamsPipe(new OutboundPolicy([]));
    const refused = guarded.transform({ PostWebhookUrl: 'http://169.254.169.254/latest' }, body(HookDto)) as Promise<unknown>;
    await expect(refused).rejects.toMatchObject({
      code: 50078,
      status: 400,
      message: 'PostWebhookUrl must be a public URL: 169.254.169.254 is a linkLocal address',
    });
    await expect(guarded.transform({ PostWebhookUrl: 'https://8.8.8.8/hook' }, body(HookDto))).resolves.toBeInstanceOf(HookDto);
    expect(guarded.transform({ FriendlyName: 'x' }, body(HookDto))).toBeInstanceOf(HookDto);
    // Without a policy (syntax only), and with the address allowed.
    expect(pipe.transform({ PostWebhookUrl: 'http://127.0.0.1/' }, body(HookDto))).toBeInstanceOf(HookDto);
    await expect(
      new TwilioParamsPipe(new OutboundPolicy(['127.0.0.1'])).transform({ PostWebhookUrl: 'http://127.0.0.1/' }, body(HookDto)),
    ).resolves.toBeInstanceOf(HookDto);
  });

  it('treats a missing body as an empty one', () => {
    expect(pipe.transform(undefined, body())).toEqual(new SampleDto());
  });
});
