import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { RolesController } from './roles.controller';
import { RolesMapper } from './roles.mapper';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

/** Roles and the permission check of chat users (RolesService.can). */
@Module({
  imports: [ServicesModule],
  controllers: [RolesController],
  providers: [RolesRepository, RolesService, RolesMapper],
  exports: [RolesService],
})
export class RolesModule {}
