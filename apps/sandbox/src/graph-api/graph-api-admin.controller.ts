import { SANDBOX_FAULT_CODES, type SandboxFault } from '@mostrador/config';
import { ApiOperation, ApiTags, ZodValidationPipe } from '@mostrador/http';
import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { GraphApiService } from './graph-api.service.js';
import { type OutboxEvent, SandboxOutbox } from './sandbox-outbox.js';

const faultSchema = z.object({
  code: z.coerce.string().pipe(z.enum(SANDBOX_FAULT_CODES)),
  /** Omitted: every send fails until the faults are cleared. */
  times: z.number().int().min(1).max(1_000_000).optional(),
});

const listQuerySchema = z.object({
  to: z
    .string()
    .regex(/^\d{5,20}$/)
    .optional(),
  /** Only what came after this event (its `seq`): a follower polls cheaply. */
  after: z.coerce.number().int().min(0).optional(),
});

/** For the tests and the demo: what the api sent, and Meta errors to answer with. */
@ApiTags('graph-api')
@Controller('sandbox/graph-api')
export class GraphApiAdminController {
  constructor(
    private readonly graphApi: GraphApiService,
    private readonly outbox: SandboxOutbox,
  ) {}

  @Get('messages')
  @ApiOperation({
    summary: 'Messages and read receipts the api sent, oldest first (optionally to one customer, after an event seq)',
  })
  messages(
    @Query(new ZodValidationPipe(listQuerySchema, 'query')) query: z.infer<typeof listQuerySchema>,
  ): OutboxEvent[] {
    return this.outbox.list(query);
  }

  @Delete('messages')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the recorded messages' })
  clearMessages(): void {
    this.outbox.clear();
  }

  @Get('faults')
  @ApiOperation({ summary: 'Meta errors the next sends will get, in order' })
  faults(): SandboxFault[] {
    return this.graphApi.listFaults();
  }

  @Post('faults')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the next sends fail with a Meta error (130429, 131056, 131047, 131026, 190, 500)' })
  addFault(@Body(new ZodValidationPipe(faultSchema, 'body')) fault: z.infer<typeof faultSchema>): SandboxFault[] {
    return this.graphApi.addFault({ code: fault.code, times: fault.times ?? null });
  }

  @Delete('faults')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the injected errors' })
  clearFaults(): void {
    this.graphApi.clearFaults();
  }
}
