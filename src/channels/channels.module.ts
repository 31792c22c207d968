import { Module } from '@nestjs/common';
import { ChannelRegistry } from './channel-registry';
import { SimulatorAdapter } from './simulator/simulator.adapter';
import { TwilioAdapter } from './twilio/twilio.adapter';

@Module({ providers: [TwilioAdapter, SimulatorAdapter, ChannelRegistry], exports: [ChannelRegistry] })
export class ChannelsModule {}
