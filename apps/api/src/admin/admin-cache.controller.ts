import { CacheService } from '@mostrador/cache';
import {
  ApiErrorResponses,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  openApiSchema,
  ZodValidationPipe,
} from '@mostrador/http';
import { InventoryClient } from '@mostrador/inventory';
import { Controller, Delete, Get, Query, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import { cacheStatsSchema, inventoryInvalidationSchema, invalidateInventoryQuerySchema } from './admin.schemas.js';

/** The two-level cache as an operator sees it: its figures, and a way to drop inventory answers. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiErrorResponses(401)
@UseGuards(AdminApiKeyGuard)
@Controller('admin/cache')
export class AdminCacheController {
  constructor(
    private readonly cache: CacheService,
    private readonly inventory: InventoryClient,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Cache figures per level and overall: hits, misses, hit rate, items, bytes, Redis connected',
  })
  @ApiOkResponse({ schema: openApiSchema(cacheStatsSchema, 'output') })
  stats() {
    return this.cache.stats();
  }

  @Delete('inventory')
  @ApiOperation({
    summary: 'Drop cached inventory answers: about one SKU, or all of them',
    description:
      'The next question asks the inventory service again. Use it after changing prices or stock outside the service’s own flow. Every instance drops them.',
  })
  @ApiQuery({ name: 'sku', required: false, example: 'TEN-0004-BLA' })
  @ApiOkResponse({ schema: openApiSchema(inventoryInvalidationSchema, 'output') })
  @ApiErrorResponses(400)
  async invalidateInventory(
    @Query(new ZodValidationPipe(invalidateInventoryQuerySchema, 'query'))
    { sku }: z.output<typeof invalidateInventoryQuerySchema>,
  ) {
    const dropped = await this.inventory.invalidateInventory(sku);
    return { ...(sku !== undefined && { sku }), dropped };
  }
}
