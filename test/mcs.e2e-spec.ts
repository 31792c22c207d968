import { McsClient } from '@twilio/mcs-client';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startFakeCarrier, startRouter, waitUntil, type FakeCarrier, type RunningRouter } from './support';
import { newChatTenant, type ChatTenant } from './support/realtime';

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000, 3)]);

interface MediaRecordWire {
  sid: string;
  service_sid: string;
  channel_sid: string | null;
  message_sid: string | null;
  size: number;
  content_type: string;
  filename: string | null;
  category: string;
  author: string;
  is_multipart_upstream: boolean;
  url: string;
  links: { content: string; content_direct_temporary: string };
}

describe('MCS media for the chat SDK (e2e)', () => {
  let router: RunningRouter;
  let carrier: FakeCarrier;
  let tenant: ChatTenant;
  let mediaUrl: string;

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url, MEDIA_URL_TTL: 'PT3S' } });
    tenant = await newChatTenant(router);
    mediaUrl = `${router.baseUrl}/v1/Services/${tenant.serviceSid}/Media`;
  });

  afterAll(async () => {
    await router?.close();
    await carrier?.close();
  });

  /** The SDK's own MCS client (XMLHttpRequest in Node), as `Client` builds it from `links.media_service`. */
  const mcs = (identity: string) => new McsClient(tenant.token({ identity }), mediaUrl, null, { logLevel: 'silent' });
  const get = (sid: string, identity: string) => fetch(`${mediaUrl}/${sid}`, { headers: { 'X-Twilio-Token': tenant.token({ identity }) } });
  const mediaSet = (identity: string, body: unknown) =>
    fetch(`${mediaUrl}Set`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': tenant.token({ identity }), 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** A conversation of chat users (and an SMS participant) through REST, as a backend sets it up. */
  async function conversationWith(identities: string[], sms?: string): Promise<string> {
    const conversations = tenant.account.client.conversations.v1.conversations;
    const c = await conversations.create({});
    for (const identity of identities) await conversations(c.sid).participants.create({ identity });
    if (sms) {
      await conversations(c.sid).participants.create({ 'messagingBinding.address': sms, 'messagingBinding.proxyAddress': '+15558100000' });
    }
    return c.sid;
  }

  it('uploads through the SDK client and answers the 5.2 record with a signed content URL', async () => {
    const media = await mcs('alice').post('image/png', png, 'media', 'cat.png');
    expect(media.sid).toMatch(/^ME[0-9a-f]{32}$/);
    expect(media).toMatchObject({ contentType: 'image/png', size: png.length, filename: 'cat.png', category: 'media' });

    const answer = await get(media.sid, 'alice');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const record = (await answer.json()) as MediaRecordWire;
    expect(record).toMatchObject({
      sid: media.sid,
      service_sid: tenant.serviceSid,
      channel_sid: null,
      message_sid: null,
      size: png.length,
      content_type: 'image/png',
      filename: 'cat.png',
      category: 'media',
      author: 'alice',
      is_multipart_upstream: false,
      url: `${mediaUrl}/${media.sid}`,
    });
    for (const field of ['date_created', 'date_upload_updated', 'date_updated']) {
      expect(Date.parse((record as unknown as Record<string, string>)[field])).not.toBeNaN();
    }

    // The temporary URL serves the bytes with no credentials; a tampered one does not.
    const url = await media.getContentUrl();
    expect(url).toBeTruthy();
    const content = await fetch(url!);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
    const tampered = new URL(url!);
    tampered.searchParams.set('Signature', `${tampered.searchParams.get('Signature')}A`);
    expect((await fetch(tampered)).status).toBe(403);
    const extended = new URL(url!);
    extended.searchParams.set('Expires', String(Number(extended.searchParams.get('Expires')) + 3600));
    expect((await fetch(extended)).status).toBe(403);

    // An email body (setEmailBody) keeps its category.
    const body = await mcs('alice').post('text/html', '<p>hi</p>', 'body');
    expect(body.category).toBe('body');
    expect(((await (await get(body.sid, 'alice')).json()) as MediaRecordWire).category).toBe('body');
  });

  it('the temporary content URL stops working once it expired (MEDIA_URL_TTL)', async () => {
    const media = await mcs('alice').post('image/png', png, 'media', 'old.png');
    const url = await media.getContentUrl();
    expect((await fetch(url!)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_500));
    expect((await fetch(url!)).status).toBe(403);
    // Each read of the record signs anew.
    const fresh = await media.getContentUrl();
    expect(fresh).not.toBe(url);
    expect((await fetch(fresh!)).status).toBe(200);
  });

  it('a chat user sees their uploads and the media of their conversations; nobody else does', async () => {
    const conversationSid = await conversationWith(['alice', 'bob']);
    const sent = await mcs('alice').post('image/png', png, 'media', 'a.png');
    const unsent = await mcs('alice').post('image/png', png, 'media', 'b.png');
    expect((await get(sent.sid, 'bob')).status).toBe(404);

    // What the AIM message create does with `media_sids`: the media goes with the message.
    const message = await tenant.account.client.conversations.v1
      .conversations(conversationSid)
      .messages.create({ author: 'alice', mediaSid: sent.sid });

    const seenByBob = await get(sent.sid, 'bob');
    expect(seenByBob.status).toBe(200);
    expect(await seenByBob.json()).toMatchObject({ sid: sent.sid, message_sid: message.sid, channel_sid: conversationSid });
    const notBobs = await get(unsent.sid, 'bob');
    expect(notBobs.status).toBe(404);
    expect(((await notBobs.json()) as { code: number }).code).toBe(20404);
    expect((await get(sent.sid, 'carol')).status).toBe(404);
    // Bob reads it through the SDK client too; carol's client is refused.
    expect((await mcs('bob').get(sent.sid)).sid).toBe(sent.sid);
    await expect(mcs('carol').get(sent.sid)).rejects.toMatchObject({ code: 404 });

    // An upload with the account's credentials is authored 'system': no chat user's own, even one named so.
    const byAccount = await fetch(mediaUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${tenant.account.sid}:${tenant.account.authToken}`).toString('base64')}`,
        'content-type': 'image/png',
      },
      body: new Uint8Array(png),
    });
    const systemSid = ((await byAccount.json()) as MediaRecordWire).sid;
    expect((await get(systemSid, 'system')).status).toBe(404);

    // Another account: neither its users nor its own credentials.
    const stranger = await newChatTenant(router);
    const strangerToken = stranger.token({ identity: 'alice' });
    const foreign = await fetch(`${router.baseUrl}/v1/Services/${stranger.serviceSid}/Media/${sent.sid}`, {
      headers: { 'X-Twilio-Token': strangerToken },
    });
    expect(foreign.status).toBe(404);
    const foreignBasic = await fetch(`${mediaUrl}/${sent.sid}`, {
      headers: { authorization: `Basic ${Buffer.from(`${stranger.account.sid}:${stranger.account.authToken}`).toString('base64')}` },
    });
    expect(foreignBasic.status).toBe(404);
    const foreignContent = await fetch(`${mediaUrl}/${sent.sid}/Content`, { headers: { 'X-Twilio-Token': strangerToken } });
    expect([403, 404]).toContain(foreignContent.status);

    // MediaSet: one answer per sid, in order, 404 for what the caller may not see.
    const set = await mediaSet('bob', {
      command: 'get',
      list: [{ media_sid: sent.sid }, { media_sid: unsent.sid }, { media_sid: `ME${'0'.repeat(32)}` }],
    });
    expect(set.status).toBe(200);
    const items = (await set.json()) as { code: number; media_record: MediaRecordWire }[];
    expect(items.map((i) => i.code)).toEqual([200, 404, 404]);
    expect(items[0].media_record).toMatchObject({ sid: sent.sid, channel_sid: conversationSid, message_sid: message.sid });
    expect(items[1].media_record.sid).toBe(unsent.sid);
    const signed = await fetch(items[0].media_record.links.content_direct_temporary);
    expect(Buffer.from(await signed.arrayBuffer()).equals(png)).toBe(true);

    // The SDK's MediaSet calls (getTemporaryContentUrlsForMediaSids): all visible, or the call fails.
    const urls = await mcs('bob').mediaSetGetContentUrls([sent.sid]);
    expect([...urls.keys()]).toEqual([sent.sid]);
    expect((await fetch(urls.get(sent.sid)!)).status).toBe(200);
    await expect(mcs('bob').mediaSetGetContentUrls([sent.sid, unsent.sid])).rejects.toBeTruthy();
    expect((await mcs('alice').mediaSetGet([sent.sid, unsent.sid])).map((m) => m.sid)).toEqual([sent.sid, unsent.sid]);
  });

  it('refuses bad MediaSet bodies with Twilio error bodies', async () => {
    for (const body of [
      'not json',
      { command: 'put', list: [{ media_sid: 'ME1' }] },
      { command: 'get', list: [] },
      { command: 'get', list: [{}] },
      [],
    ]) {
      const answer = await mediaSet('alice', body);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 20001, status: 400 });
    }
    const noToken = await fetch(`${mediaUrl}Set`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
  });

  it('takes the file part of a browser FormData upload', async () => {
    const form = new FormData();
    form.append('note', 'not the file');
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'form.png');
    const answer = await fetch(`${mediaUrl}?Category=media`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': tenant.token({ identity: 'alice' }) },
      body: form,
    });
    expect(answer.status).toBe(201);
    const record = (await answer.json()) as MediaRecordWire;
    expect(record).toMatchObject({ content_type: 'image/png', filename: 'form.png', size: png.length, author: 'alice' });
    const content = await fetch(record.links.content_direct_temporary);
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);

    const noFile = new FormData();
    noFile.append('note', 'nothing');
    const refused = await fetch(mediaUrl, { method: 'POST', headers: { 'X-Twilio-Token': tenant.token() }, body: noFile });
    expect(refused.status).toBe(400);
    const badCategory = await fetch(`${mediaUrl}?Category=attachment`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': tenant.token(), 'Content-Type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(badCategory.status).toBe(400);
  });

  it('answers browsers: CORS preflights and headers on the media routes only', async () => {
    const origin = 'https://app.example.com';
    for (const path of [mediaUrl, `${mediaUrl}Set`, `${mediaUrl}/ME${'1'.repeat(32)}`, `${mediaUrl}/ME${'1'.repeat(32)}/Content`]) {
      const preflight = await fetch(path, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-twilio-token,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Twilio-Token/i);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET.*POST.*OPTIONS/);
    }
    const media = await mcs('alice').post('image/png', png, 'media', 'cors.png');
    const read = await fetch(`${mediaUrl}/${media.sid}`, { headers: { Origin: origin, 'X-Twilio-Token': tenant.token() } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const denied = await fetch(`${mediaUrl}/${media.sid}`, { headers: { Origin: origin } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
    const content = await fetch((await media.getContentUrl())!, { headers: { Origin: origin } });
    expect(content.headers.get('access-control-allow-origin')).toBe('*');
    // The REST API at large is not opened to browsers.
    const rest = await fetch(`${router.baseUrl}/v1/Services`, { method: 'OPTIONS', headers: { Origin: origin } });
    expect(rest.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('SDK media reach an SMS participant as a signed MediaUrl serving the bytes', async () => {
    const conversationSid = await conversationWith(['alice'], '+15558100001');
    const media = await mcs('alice').post('image/png', png, 'media', 'mms.png');
    await tenant.account.client.conversations.v1
      .conversations(conversationSid)
      .messages.create({ author: 'alice', mediaSid: media.sid, body: 'see' });
    const [sent] = await carrier.waitForAccepted((s) => s.to === '+15558100001');
    expect(sent.mediaUrls).toHaveLength(1);
    const url = new URL(sent.mediaUrls[0]);
    expect(url.pathname).toBe(`/v1/Services/${tenant.serviceSid}/Media/${media.sid}/Content`);
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(png)).toBe(true);
  });
});

describe('MCS orphan sweep (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter({ env: { MEDIA_ORPHAN_TTL: 'PT2S' } });
  });

  afterAll(async () => {
    await router?.close();
  });

  it('deletes uploads that no message took within MEDIA_ORPHAN_TTL, file and row; keeps sent ones until their message goes', async () => {
    const tenant = await newChatTenant(router);
    const mediaUrl = `${router.baseUrl}/v1/Services/${tenant.serviceSid}/Media`;
    const client = new McsClient(tenant.token(), mediaUrl, null, { logLevel: 'silent' });
    const orphan = await client.post('image/png', png, 'media', 'orphan.png');
    const kept = await client.post('image/png', png, 'media', 'kept.png');
    const conversation = await tenant.account.client.conversations.v1.conversations.create({});
    await tenant.account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'alice' });
    await tenant.account.client.conversations.v1.conversations(conversation.sid).messages.create({ author: 'alice', mediaSid: kept.sid });
    const orphanUrl = (await orphan.getContentUrl())!;
    expect((await fetch(orphanUrl)).status).toBe(200);
    // LocalDiskStorage's layout (media-storage.ts).
    const file = (sid: string) => path.join(process.env.MEDIA_DIR!, sid.slice(-2), sid.slice(-4, -2), sid);
    expect(existsSync(file(orphan.sid))).toBe(true);

    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await fetch(`${mediaUrl}/${orphan.sid}`, { headers: { 'X-Twilio-Token': tenant.token() } })).status;
    }
    expect(status).toBe(404);
    expect((await fetch(orphanUrl)).status).toBe(403);
    // The sweep deletes the row, then the file: the file may outlive the 404 by a moment.
    await waitUntil('the orphan file to be deleted', () => !existsSync(file(orphan.sid)), 5_000);
    expect(existsSync(file(kept.sid))).toBe(true);
    expect((await fetch(`${mediaUrl}/${kept.sid}`, { headers: { 'X-Twilio-Token': tenant.token() } })).status).toBe(200);
    expect((await fetch((await kept.getContentUrl())!)).status).toBe(200);

    // Deleting the message deletes its media.
    const [message] = await tenant.account.client.conversations.v1.conversations(conversation.sid).messages.list();
    await tenant.account.client.conversations.v1.conversations(conversation.sid).messages(message.sid).remove();
    const gone = Date.now() + 10_000;
    while (existsSync(file(kept.sid)) && Date.now() < gone) await new Promise((r) => setTimeout(r, 250));
    expect(existsSync(file(kept.sid))).toBe(false);
    expect((await fetch(`${mediaUrl}/${kept.sid}`, { headers: { 'X-Twilio-Token': tenant.token() } })).status).toBe(404);
  });
});
