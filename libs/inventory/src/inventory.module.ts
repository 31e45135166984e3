import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InventoryClient } from './inventory.client.js';
import { InventoryHealthIndicator } from './inventory.health-indicator.js';

/**
 * The shop's SOAP inventory for the api: `InventoryClient` and its health indicator.
 * Needs the global AppConfig and AppLogger (ConfigModule.forRoot, LoggingModule.forRoot).
 */
@Module({
  imports: [TerminusModule],
  providers: [InventoryClient, InventoryHealthIndicator],
  exports: [InventoryClient, InventoryHealthIndicator],
})
export class InventoryModule {}
