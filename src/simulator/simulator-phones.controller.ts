import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { inboxEntry } from './carrier-wire';
import { PhoneMessageDto } from './simulator.dto';
import { SimulatorGuard } from './simulator.guard';
import { type PhoneTextResult, SimulatorPhonesService } from './simulator-phones.service';

/** Simulated phones: text the router (through its carrier webhook), read and clear what they received. */
@Controller('simulator/phones/:phone/messages')
@Public()
@UseGuards(SimulatorGuard)
export class SimulatorPhonesController {
  constructor(private readonly phones: SimulatorPhonesService) {}

  @Post()
  text(@Param('phone') phone: string, @Body() dto: PhoneMessageDto): Promise<PhoneTextResult> {
    return this.phones.text(phone, dto);
  }

  @Get()
  async received(@Param('phone') phone: string) {
    return { messages: (await this.phones.received(phone)).map(inboxEntry) };
  }

  @Delete()
  @HttpCode(204)
  async clear(@Param('phone') phone: string): Promise<void> {
    await this.phones.clear(phone);
  }
}
