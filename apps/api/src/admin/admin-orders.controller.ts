import { CacheTtl, HttpCacheInterceptor } from '@mostrador/cache';
import {
  ApiBody,
  ApiErrorResponses,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  openApiSchema,
  ZodValidationPipe,
} from '@mostrador/http';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { z } from 'zod';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import { AdminOrdersService } from './admin-orders.service.js';
import {
  idParamsSchema,
  listOrdersQuerySchema,
  orderSchema,
  orderStatusResultSchema,
  pageOf,
  setOrderStatusSchema,
} from './admin.schemas.js';
import { StoreErrorsFilter } from './store-errors.filter.js';

const idParams = new ZodValidationPipe(idParamsSchema, 'params');

@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiErrorResponses(401)
@UseGuards(AdminApiKeyGuard)
@UseFilters(StoreErrorsFilter)
@UseInterceptors(HttpCacheInterceptor)
@CacheTtl('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly orders: AdminOrdersService) {}

  @Get()
  @ApiOperation({
    summary: 'Order requests, newest first, optionally by status or customer (keyset pagination)',
    description: '`status=requested` lists what waits for the shop.',
  })
  @ApiOkResponse({ schema: openApiSchema(pageOf(orderSchema), 'output') })
  @ApiErrorResponses(400)
  list(@Query(new ZodValidationPipe(listOrdersQuerySchema, 'query')) query: z.output<typeof listOrdersQuerySchema>) {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order request: items at the prices quoted, fulfilment, totals, hold, history' })
  @ApiOkResponse({ schema: openApiSchema(orderSchema, 'output') })
  @ApiErrorResponses(400, 404)
  get(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.orders.get(id);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move an order on (confirmed, cancelled, fulfilled) and tell the customer',
    description:
      'requested → confirmed | cancelled; confirmed → fulfilled | cancelled; any other move is a 409. The customer is told through the outbox: a text within 24 hours of their last message, the WHATSAPP_ORDER_UPDATE_TEMPLATE outside (without one, `notification.status` is `not-sent`). The same status again changes nothing and sends nothing twice. Cancelling releases the stock hold.',
  })
  @ApiBody({ schema: openApiSchema(setOrderStatusSchema) })
  @ApiOkResponse({ schema: openApiSchema(orderStatusResultSchema, 'output') })
  @ApiErrorResponses(400, 404, 409)
  setStatus(
    @Param(idParams) { id }: z.output<typeof idParamsSchema>,
    @Body(new ZodValidationPipe(setOrderStatusSchema, 'body')) body: z.output<typeof setOrderStatusSchema>,
  ) {
    return this.orders.setStatus(id, body.status, body.note);
  }
}
