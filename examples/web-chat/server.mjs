// The web chat demo of the Conversations tutorial (seed 004), against this router instead of Twilio:
// a token server (password-less demo login by identity), the onConversationAdded webhook that adds
// "Tackleton" to every new conversation, and a page built on the unmodified browser SDK.
//
//   npm run demo            (the router must be running: npm start)
//
// Settings (environment, or the router's .env): ROUTER_URL (default http://localhost:3000), DEMO_PORT
// (3001), DEMO_PUBLIC_URL (the URL the router calls the webhook on; default http://localhost:$DEMO_PORT),
// ACCOUNT_SID / AUTH_TOKEN (default BOOTSTRAP_ACCOUNT_SID / BOOTSTRAP_AUTH_TOKEN), CHAT_SERVICE_SID
// (default: the account's default Conversation Service), API_KEY_SID / API_KEY_SECRET (default: a key
// made for the demo at start).
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const ROUTER_URL = (process.env.ROUTER_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const PORT = Number(process.env.DEMO_PORT ?? 3001);
const PUBLIC_URL = (process.env.DEMO_PUBLIC_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, '');
const ACCOUNT_SID = process.env.ACCOUNT_SID ?? process.env.BOOTSTRAP_ACCOUNT_SID;
const AUTH_TOKEN = process.env.AUTH_TOKEN ?? process.env.BOOTSTRAP_AUTH_TOKEN;
if (!ACCOUNT_SID || !AUTH_TOKEN) {
  console.error("Set ACCOUNT_SID and AUTH_TOKEN (or the router's BOOTSTRAP_ACCOUNT_SID / BOOTSTRAP_AUTH_TOKEN in .env).");
  process.exit(1);
}

/** The official client, pointed at the router (README, "Pointing the twilio client at the router"). */
class RouterRequestClient extends twilio.RequestClient {
  constructor(routerUrl, opts) {
    super(opts);
    this.router = new URL(routerUrl);
  }
  request(opts) {
    const url = new URL(opts.uri);
    if (url.hostname.endsWith('.twilio.com')) opts = { ...opts, uri: this.router.origin + url.pathname + url.search };
    return super.request(opts);
  }
}
const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new RouterRequestClient(ROUTER_URL) });

const serviceSid = process.env.CHAT_SERVICE_SID ?? (await client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
let apiKey = { sid: process.env.API_KEY_SID, secret: process.env.API_KEY_SECRET };
if (!apiKey.sid || !apiKey.secret) {
  const key = await client.newKeys.create({ friendlyName: 'web chat demo' });
  apiKey = { sid: key.sid, secret: key.secret };
}

// The tutorial's webhook: the router calls it when a conversation is added, and it adds Tackleton.
try {
  await client.conversations.v1
    .services(serviceSid)
    .configuration.webhooks()
    .update({
      postWebhookUrl: `${PUBLIC_URL}/chat`,
      filters: ['onConversationAdded'],
      method: 'POST',
    });
} catch (err) {
  console.error(`The router refused the webhook ${PUBLIC_URL}/chat (${err.code}: ${err.message}).`);
  console.error('A webhook on this machine needs the router started with OUTBOUND_ALLOW_HOSTS=127.0.0.1,localhost (README, "Security").');
  process.exit(1);
}

/** A chat token for an identity: AccessToken + ChatGrant signed with the demo's API key, as on Twilio. */
function tokenFor(identity) {
  const token = new twilio.jwt.AccessToken(ACCOUNT_SID, apiKey.sid, apiKey.secret, { identity, ttl: 3600 });
  token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid }));
  return token.toJwt();
}

const websocketUri = () => `${ROUTER_URL.replace(/^http/, 'ws')}/v3/wsconnect`;
const sdkBundle = path.join(root, 'node_modules/@twilio/conversations/builds/twilio-conversations.min.js');
const files = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};

const readBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, PUBLIC_URL);
  try {
    if (req.method === 'GET' && files[url.pathname]) {
      const [file, type] = files[url.pathname];
      res.writeHead(200, { 'content-type': type }).end(readFileSync(path.join(here, 'public', file)));
    } else if (req.method === 'GET' && url.pathname === '/sdk/twilio-conversations.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(sdkBundle));
    } else if (req.method === 'POST' && url.pathname.startsWith('/token/')) {
      const identity = decodeURIComponent(url.pathname.slice('/token/'.length)).trim();
      if (!identity || identity.length > 64) return res.writeHead(400).end('an identity of 1 to 64 characters');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: tokenFor(identity), identity, websocketUri: websocketUri() }));
    } else if (req.method === 'POST' && url.pathname === '/chat') {
      const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
      if (!twilio.validateRequest(AUTH_TOKEN, req.headers['x-twilio-signature'] ?? '', `${PUBLIC_URL}/chat`, params)) {
        return res.writeHead(403).end();
      }
      if (params.EventType === 'onConversationAdded') {
        client.conversations.v1
          .conversations(params.ConversationSid)
          .participants.create({ identity: 'Tackleton' })
          .then((p) => console.log(`Added ${p.identity} to ${params.ConversationSid}.`))
          .catch((err) => console.error(`Failed to add Tackleton to ${params.ConversationSid}: ${err.message}`));
      }
      res.writeHead(200).end();
    } else {
      res.writeHead(404).end();
    }
  } catch (err) {
    console.error(err);
    if (!res.headersSent) res.writeHead(500).end();
  }
});
server.listen(PORT, () => console.log(`Web chat demo on ${PUBLIC_URL} (router ${ROUTER_URL}, service ${serviceSid})`));
