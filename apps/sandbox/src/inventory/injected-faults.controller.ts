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
import { faultPlanPatchSchema, faultPlanSchema, type FaultPlanPatch } from './injected-faults.js';
import { type InventoryCallStats, InventorySoapServer, type InventorySoapStatus } from './inventory-soap.server.js';

const statusSchema = z.object({
  wsdlUrl: z.string().nullable().meta({ example: 'http://127.0.0.1:3101/inventory?wsdl' }),
  endpoint: z.string().nullable().meta({ example: 'http://127.0.0.1:3101/inventory' }),
  listening: z.boolean(),
  connections: z.number().int().meta({ description: 'TCP connections accepted since start.' }),
  products: z.number().int().meta({ example: 323 }),
  faults: faultPlanSchema,
});
const STATUS = { schema: openApiSchema(statusSchema, 'output') };
const callStatsSchema = z.object({
  total: z.number().int(),
  operations: z
    .record(z.string(), z.number().int())
    .meta({ description: 'SOAP calls served per operation (faults included)', example: { SearchProducts: 3 } }),
});
const CALL_STATS = { schema: openApiSchema(callStatsSchema, 'output') };

/**
 * Faults injected into the SOAP inventory stand-in, changed at run time by tests and demos,
 * and the calls it served (what a cache in front of it saves shows there).
 */
@ApiTags('sandbox: inventory')
@Controller('sandbox/inventory')
export class InjectedFaultsController {
  constructor(private readonly soap: InventorySoapServer) {}

  @Get('faults')
  @ApiOperation({ summary: 'The SOAP inventory service: where it is and the faults it applies' })
  @ApiOkResponse(STATUS)
  status(): InventorySoapStatus {
    return this.soap.status();
  }

  @Post('faults')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the faults of the SOAP inventory service (only the fields given)',
    description:
      'latencyMs + up to jitterMs on every answer; errorPercent of the calls get a SOAP Server fault; ' +
      'down closes the port (connection refused) until set back to false; payload malformed answers ' +
      'truncated XML, xxe a DTD whose external entity points at xxeFile.',
  })
  @ApiBody({ schema: openApiSchema(faultPlanPatchSchema) })
  @ApiOkResponse(STATUS)
  @ApiErrorResponses(400, 409)
  update(
    @Body(new ZodValidationPipe(faultPlanPatchSchema, 'body')) patch: FaultPlanPatch,
  ): Promise<InventorySoapStatus> {
    return this.soap.updateFaults(patch);
  }

  @Delete('faults')
  @ApiOperation({ summary: 'Clear every fault of the SOAP inventory service (and open its port)' })
  @ApiOkResponse(STATUS)
  @ApiErrorResponses(409)
  reset(): Promise<InventorySoapStatus> {
    return this.soap.resetFaults();
  }

  @Get('stats')
  @ApiOperation({ summary: 'SOAP calls the inventory service served per operation, since start or the last reset' })
  @ApiOkResponse(CALL_STATS)
  callStats(): InventoryCallStats {
    return this.soap.callStats();
  }

  @Delete('stats')
  @ApiOperation({ summary: 'Start counting the SOAP calls served from zero' })
  @ApiOkResponse(CALL_STATS)
  resetCallStats(): InventoryCallStats {
    return this.soap.resetCallStats();
  }
}
