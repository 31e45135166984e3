import { ConversationModule } from '@mostrador/conversation';
import { InventoryModule } from '@mostrador/inventory';
import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import { AdminCacheController } from './admin-cache.controller.js';
import { AdminConversationsController } from './admin-conversations.controller.js';
import { AdminCustomersController } from './admin-customers.controller.js';
import { AdminOrdersController } from './admin-orders.controller.js';
import { AdminOrdersService } from './admin-orders.service.js';
import { AdminService } from './admin.service.js';

/** `/admin`: the shop's view of its conversations, customers, order requests and cache, behind ADMIN_API_KEY. */
@Module({
  imports: [ConversationModule, InventoryModule],
  controllers: [AdminConversationsController, AdminCustomersController, AdminOrdersController, AdminCacheController],
  providers: [AdminService, AdminOrdersService, AdminApiKeyGuard],
})
export class AdminModule {}
