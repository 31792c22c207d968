import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { faultResource } from './fault-rules';
import { FaultRulesStore } from './fault-rules.store';
import { FaultRuleDto } from './simulator.dto';
import { SimulatorGuard } from './simulator.guard';

/** Fault rules: what the simulator does to the next matching sends (refuse, fail, delay, misreport). */
@Controller('simulator/faults')
@Public()
@UseGuards(SimulatorGuard)
export class SimulatorFaultsController {
  constructor(private readonly faults: FaultRulesStore) {}

  @Post()
  async add(@Body() dto: FaultRuleDto) {
    const rule = await this.faults.add(dto);
    return faultResource(rule, rule.count);
  }

  @Get()
  async list() {
    return { faults: (await this.faults.list()).map(({ rule, remaining }) => faultResource(rule, remaining)) };
  }

  @Delete()
  @HttpCode(204)
  async clear(): Promise<void> {
    await this.faults.clear();
  }
}
