import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';

/** Pre/post webhook settings of an account (/v1/Configuration/Webhooks) or a service. */
export interface WebhookSettings {
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  webhookFilters: string[];
  webhookMethod: string;
  /** Account level only: `webhook` or `flex`. */
  webhookTarget?: string;
  /** Service level only: Chat v2's own webhooks (Chat format) and the service's retry counts. */
  chatPreWebhookUrl?: string | null;
  chatPostWebhookUrl?: string | null;
  chatWebhookMethod?: string;
  chatWebhookFilters?: string[];
  preWebhookRetryCount?: number;
  postWebhookRetryCount?: number;
}

/** Chat v2's webhook settings of a service (filters with the Conversations event names). */
export interface ChatWebhookSettings {
  chatPreWebhookUrl?: string | null;
  chatPostWebhookUrl?: string | null;
  chatWebhookMethod?: string;
  chatWebhookFilters?: string[];
}

const SERVICE_FIELDS = {
  preWebhookUrl: true,
  postWebhookUrl: true,
  webhookFilters: true,
  webhookMethod: true,
  chatPreWebhookUrl: true,
  chatPostWebhookUrl: true,
  chatWebhookMethod: true,
  chatWebhookFilters: true,
  preWebhookRetryCount: true,
  postWebhookRetryCount: true,
} as const;

const FIELDS = { preWebhookUrl: true, postWebhookUrl: true, webhookFilters: true, webhookMethod: true } as const;

@Injectable()
export class WebhookConfigurationRepository {
  constructor(private readonly prisma: PrismaService) {}

  account(accountSid: string): Promise<WebhookSettings | null> {
    return this.prisma.accountConfiguration.findUnique({ where: { accountSid }, select: { ...FIELDS, webhookTarget: true } });
  }

  service(accountSid: string, serviceSid: string): Promise<WebhookSettings | null> {
    return this.prisma.service.findFirst({ where: { sid: serviceSid, accountSid }, select: SERVICE_FIELDS });
  }

  updateAccount(accountSid: string, data: Partial<WebhookSettings>): Promise<WebhookSettings> {
    return this.prisma.accountConfiguration.update({
      where: { accountSid },
      data: { ...data, dateUpdated: new Date() },
      select: { ...FIELDS, webhookTarget: true },
    });
  }

  async updateService(
    accountSid: string,
    serviceSid: string,
    data: Partial<Omit<WebhookSettings, 'preWebhookRetryCount' | 'postWebhookRetryCount'>>,
    db: Db = this.prisma,
  ): Promise<WebhookSettings | null> {
    const { count } = await db.service.updateMany({
      where: { sid: serviceSid, accountSid },
      data: { ...data, dateUpdated: new Date() },
    });
    return count ? db.service.findFirst({ where: { sid: serviceSid, accountSid }, select: SERVICE_FIELDS }) : null;
  }
}
