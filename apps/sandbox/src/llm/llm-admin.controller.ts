import {
  ApiBody,
  ApiErrorResponses,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  openApiSchema,
  ZodValidationPipe,
} from '@mostrador/http';
import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { LLM_FAULT_KINDS, type LlmFault, LlmFaults } from './llm-faults.js';
import { type LlmRequestRecord, LlmRequestLog } from './llm-request-log.js';

/** How long a `slow` answer waits unless told: past the api's default LLM_TIMEOUT_MS (12 s). */
const SLOW_MS = 20_000;

const faultSchema = z.object({
  kind: z.enum(LLM_FAULT_KINDS).meta({ example: '429' }),
  /** Omitted: every answer gets it until the faults are cleared. */
  times: z.number().int().min(1).max(1_000_000).optional().meta({ description: 'Omitted: until cleared.' }),
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(600_000)
    .optional()
    .meta({ description: `How long a slow answer waits, ms. Default ${SLOW_MS}.` }),
});
const faultListSchema = z.array(
  z.object({ kind: z.enum(LLM_FAULT_KINDS), times: z.number().int().nullable(), delayMs: z.number().int() }),
);
const FAULTS = { schema: openApiSchema(faultListSchema, 'output') };

/** For the tests and the demo: faults the OpenAI-compatible stand-in injects, and the requests it got. */
@ApiTags('llm (OpenAI-compatible)')
@Controller('sandbox/llm')
export class LlmAdminController {
  constructor(
    private readonly faults: LlmFaults,
    private readonly requests: LlmRequestLog,
  ) {}

  @Get('faults')
  @ApiOperation({ summary: 'The faults the next answers get, in order (only the first applies)' })
  @ApiOkResponse(FAULTS)
  listFaults(): LlmFault[] {
    return this.faults.list();
  }

  @Post('faults')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add a fault: 500, 429, slow, malformed-tool-args or wrong-price',
    description:
      "500 and 429 answer with OpenAI's error bodies (429 with retry-after); slow waits delayMs before answering " +
      '(and stops when the client leaves); malformed-tool-args gives the next tool call arguments its schema ' +
      'refuses; wrong-price makes the next answer quote a price no tool returned. Faults apply in order; ' +
      'times omitted: until cleared.',
  })
  @ApiBody({ schema: openApiSchema(faultSchema) })
  @ApiOkResponse(FAULTS)
  @ApiErrorResponses(400)
  addFault(@Body(new ZodValidationPipe(faultSchema, 'body')) fault: z.infer<typeof faultSchema>): LlmFault[] {
    return this.faults.add({ kind: fault.kind, times: fault.times ?? null, delayMs: fault.delayMs ?? SLOW_MS });
  }

  @Delete('faults')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the injected faults' })
  clearFaults(): void {
    this.faults.clear();
  }

  @Get('requests')
  @ApiOperation({
    summary: `The last ${LlmRequestLog.LIMIT} requests received, newest last, with how each was answered`,
  })
  listRequests(): LlmRequestRecord[] {
    return this.requests.list();
  }

  @Delete('requests')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the recorded requests' })
  clearRequests(): void {
    this.requests.clear();
  }
}
