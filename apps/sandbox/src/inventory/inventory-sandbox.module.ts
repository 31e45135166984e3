import { Module } from '@nestjs/common';
import { InventoryFaultsController } from './inventory-faults.controller.js';
import { InventorySoapServer } from './inventory-soap.server.js';
import { InventoryService } from './inventory.service.js';

/** The shop's SOAP inventory service, on its own port, with faults on demand. */
@Module({
  controllers: [InventoryFaultsController],
  providers: [{ provide: InventoryService, useFactory: () => new InventoryService() }, InventorySoapServer],
  exports: [InventorySoapServer],
})
export class InventorySandboxModule {}
