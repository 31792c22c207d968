import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { CarrierCredentials, ChannelAdapter, ChannelProvider } from './channel-adapter';
import { SimulatorAdapter } from './simulator/simulator.adapter';
import { TwilioAdapter } from './twilio/twilio.adapter';

/** Picks the adapter and the credentials for a proxy address's provider (CHANNEL_PROVIDER by default). */
@Injectable()
export class ChannelRegistry {
  private readonly adapters: Record<ChannelProvider, ChannelAdapter>;

  constructor(
    private readonly config: AppConfig,
    twilioAdapter: TwilioAdapter,
    simulatorAdapter: SimulatorAdapter,
  ) {
    this.adapters = { twilio: twilioAdapter, simulator: simulatorAdapter };
  }

  adapter(provider: string | null): ChannelAdapter {
    return this.adapters[this.provider(provider)];
  }

  provider(provider: string | null): ChannelProvider {
    return provider === 'twilio' || provider === 'simulator' ? provider : this.config.channelProvider;
  }

  credentials(provider: string | null): CarrierCredentials {
    const { accountSid, authToken, apiUrl } = this.config.twilio;
    const credentials = {
      accountSid: accountSid ?? this.config.simulatorAccountSid,
      authToken: authToken ?? '',
      apiUrl: this.provider(provider) === 'simulator' ? `${this.config.publicUrl}/simulator` : apiUrl,
    };
    return credentials;
  }
}
