import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FaultRulesStore } from './fault-rules.store';
import { SimulatorFaultsController } from './simulator-faults.controller';
import { SimulatorInboxStore } from './simulator-inbox.store';
import { SimulatorMessagesController } from './simulator-messages.controller';
import { SimulatorMessagesService } from './simulator-messages.service';
import { SimulatorPhonesController } from './simulator-phones.controller';
import { SimulatorPhonesService } from './simulator-phones.service';
import { SimulatorGuard } from './simulator.guard';
import { StatusCallbacksService } from './status-callbacks.service';

/**
 * The simulator carrier under /simulator (API role): Twilio's Messages API with status callbacks,
 * simulated phones that text the router through its carrier webhook, and fault rules. State is in
 * Redis, shared by every API process; pending status callbacks live in the process that took the send.
 */
@Module({
  imports: [AuthModule],
  controllers: [SimulatorMessagesController, SimulatorPhonesController, SimulatorFaultsController],
  providers: [
    SimulatorGuard,
    SimulatorInboxStore,
    FaultRulesStore,
    SimulatorMessagesService,
    SimulatorPhonesService,
    StatusCallbacksService,
  ],
})
export class SimulatorModule {}
