import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import { MediaService, type MediaView } from './media.service';

/** The media record of Twilio's media service (MCS), as the SDK's mcs-client reads it (docs/sdk-wire.md 5.2). */
@Injectable()
export class MediaMapper {
  constructor(
    private readonly media: MediaService,
    private readonly config: AppConfig,
  ) {}

  /** A fresh signed, short-lived content URL each time: the SDK re-reads the record to get one. */
  async resource(m: MediaView) {
    const url = `${this.config.publicUrl}/v1/Services/${m.serviceSid}/Media/${m.sid}`;
    return {
      sid: m.sid,
      account_sid: m.accountSid,
      service_sid: m.serviceSid,
      channel_sid: m.conversationSid,
      message_sid: m.messageSid,
      date_created: isoDate(m.dateCreated),
      date_upload_updated: isoDate(m.dateCreated),
      date_updated: isoDate(m.dateUpdated),
      size: m.size,
      content_type: m.contentType,
      filename: m.filename,
      category: m.category,
      author: m.author,
      is_multipart_upstream: false,
      url,
      links: { content: `${url}/Content`, content_direct_temporary: await this.media.signedUrl(m) },
    };
  }
}
