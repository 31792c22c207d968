import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'router:public';

/** Marks a route that does its own authentication (health, carrier webhooks with signatures). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ACCEPTS_ACCESS_TOKEN = 'router:accepts-access-token';

/** Marks a route that chat users may also call with an access token (X-Twilio-Token), like Twilio's media service. */
export const AcceptsAccessToken = () => SetMetadata(ACCEPTS_ACCESS_TOKEN, true);
