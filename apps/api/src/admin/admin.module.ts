import { ConversationModule } from '@mostrador/conversation';
import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import { AdminConversationsController } from './admin-conversations.controller.js';
import { AdminCustomersController } from './admin-customers.controller.js';
import { AdminService } from './admin.service.js';

/** `/admin`: the shop's view of its conversations and customers, behind ADMIN_API_KEY. */
@Module({
  imports: [ConversationModule],
  controllers: [AdminConversationsController, AdminCustomersController],
  providers: [AdminService, AdminApiKeyGuard],
})
export class AdminModule {}
