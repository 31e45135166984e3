import { CacheTtl, HttpCacheInterceptor } from '@mostrador/cache';
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
import { Controller, Delete, Get, Param, Query, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import type { z } from 'zod';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import { customerQuerySchema, customerSchema, erasureSchema, idParamsSchema } from './admin.schemas.js';
import { AdminService } from './admin.service.js';
import { StoreErrorsFilter } from './store-errors.filter.js';

const idParams = new ZodValidationPipe(idParamsSchema, 'params');

@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiErrorResponses(401)
@UseGuards(AdminApiKeyGuard)
@UseFilters(StoreErrorsFilter)
@UseInterceptors(HttpCacheInterceptor)
@CacheTtl('admin')
@Controller('admin/customers')
export class AdminCustomersController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({ summary: 'Find a customer by phone number or WhatsApp user id: profile, conversations, memory' })
  @ApiQuery({ name: 'phone', required: false, example: '5215512345678' })
  @ApiQuery({ name: 'userId', required: false })
  @ApiOkResponse({ schema: openApiSchema(customerSchema, 'output') })
  @ApiErrorResponses(400, 404)
  find(@Query(new ZodValidationPipe(customerQuerySchema, 'query')) query: z.output<typeof customerQuerySchema>) {
    return this.admin.customer(
      query.phone !== undefined ? { phoneNumber: query.phone.replace(/^\+/, '') } : { userId: query.userId! },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: "A customer's profile, conversations and memory (with the last detected intent)" })
  @ApiOkResponse({ schema: openApiSchema(customerSchema, 'output') })
  @ApiErrorResponses(400, 404)
  get(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.admin.customer({ id });
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Erase everything about one customer (profile, conversations, messages, memory)',
    description:
      'Only a hash of their recent message ids is kept (for 8 days), so Meta retrying one of their messages stores nothing again.',
  })
  @ApiOkResponse({ schema: openApiSchema(erasureSchema, 'output') })
  @ApiErrorResponses(400, 404)
  erase(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.admin.erase(id);
  }
}
