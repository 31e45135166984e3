import { Module } from '@nestjs/common';
import { InjectedFaultsController } from './injected-faults.controller.js';
import { InventorySoapServer } from './inventory-soap.server.js';
import { InventoryService } from './inventory.service.js';

/** The shop's SOAP inventory service, on its own port, with faults on demand. */
@Module({
  controllers: [InjectedFaultsController],
  providers: [{ provide: InventoryService, useFactory: () => new InventoryService() }, InventorySoapServer],
  exports: [InventorySoapServer],
})
export class InventorySandboxModule {}
