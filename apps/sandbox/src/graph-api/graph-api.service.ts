import { AppConfig, type SandboxFault, type SandboxFaultCode } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import {
  buttonsMessageSchema,
  listMessageSchema,
  readReceiptSchema,
  recipientSchema,
  templateMessageSchema,
  textMessageSchema,
} from '@mostrador/whatsapp';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { FAULTS, type GraphAnswer, graphError } from './graph-api-error.js';
import { MetaWebhookSender, newWamid, SANDBOX_DISPLAY_PHONE_NUMBER } from './meta-webhook.sender.js';
import { SandboxOutbox } from './sandbox-outbox.js';

const VERSION = /^v\d{1,3}\.\d{1,3}$/;

/** Types Meta sends that the stand-in checks only loosely (the api does not send them). */
const otherMessageSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: recipientSchema,
  biz_opaque_callback_data: z.string().max(512).optional(),
  type: z.enum(['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction']),
});

const SCHEMAS: Record<string, z.ZodType> = {
  text: textMessageSchema,
  template: templateMessageSchema,
};

function schemaFor(body: Record<string, unknown>): z.ZodType | undefined {
  const type = body.type;
  if (type === 'interactive') {
    const kind = (body.interactive as { type?: unknown } | undefined)?.type;
    return kind === 'list' ? listMessageSchema : buttonsMessageSchema;
  }
  if (typeof type !== 'string') return undefined;
  return (
    SCHEMAS[type] ?? (otherMessageSchema.shape.type.options.includes(type as never) ? otherMessageSchema : undefined)
  );
}

/** Meta's wording: a missing parameter is 131008, a bad value 131009. */
function invalid(error: z.ZodError): GraphAnswer {
  const issue = error.issues[0];
  const where = issue.path.map(String).join('.');
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return missing
    ? graphError(400, 131008, 'Required parameter is missing', `Parameter '${where}' is required.`)
    : graphError(400, 131009, 'Parameter value is not valid', `${where}: ${issue.message}`);
}

/**
 * The Cloud API's `POST /<version>/<phone-number-id>/messages`, played locally: checks the
 * token and the payload as Meta does (Meta's error body on a violation), answers with a
 * wamid, records the message for the chat page and the tests, then posts Meta's statuses
 * back to the api. Faults (from SANDBOX_GRAPH_API_FAULTS or the admin route) make sends
 * fail with Meta's errors, in order.
 */
@Injectable()
export class GraphApiService {
  private faults: SandboxFault[];

  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
    private readonly outbox: SandboxOutbox,
    private readonly webhooks: MetaWebhookSender,
  ) {
    this.faults = config.sandbox.graphApiFaults.map((f) => ({ ...f }));
  }

  receive(version: string, authorization: string | undefined, body: unknown): GraphAnswer {
    const refused = this.checkRequest(version, authorization);
    if (refused !== undefined) return refused;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return graphError(400, 100, 'Invalid parameter', 'The request body must be a JSON object.');
    }
    const request = body as Record<string, unknown>;
    if (request.status === 'read') return this.markRead(request);

    const schema = schemaFor(request);
    if (schema === undefined) {
      return graphError(
        400,
        100,
        'Invalid parameter',
        `Param type must be one of text, interactive, template, image, audio, video, document, sticker, location, contacts, reaction.`,
      );
    }
    const parsed = schema.safeParse(request);
    if (!parsed.success) return invalid(parsed.error);

    const fault = this.nextFault();
    if (fault !== undefined) {
      this.logger.logEvent('info', `sandbox graph api: injected fault ${fault}`, {
        event: 'sandbox_fault',
        context: 'Sandbox',
        code: fault,
      });
      return FAULTS[fault]();
    }

    const to = String(request.to).replace(/^\+/, '');
    const wamid = newWamid();
    this.outbox.record({
      kind: 'message',
      to,
      wamid,
      type: String(request.type),
      payload: request,
      at: new Date().toISOString(),
    });
    const callbackData = request.biz_opaque_callback_data;
    this.webhooks.followWithStatuses(
      wamid,
      to,
      String(request.type),
      typeof callbackData === 'string' ? callbackData : undefined,
    );
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: String(request.to), wa_id: to }],
        messages: [{ id: wamid, ...(request.type === 'template' && { message_status: 'accepted' }) }],
      },
    };
  }

  /**
   * `GET /<version>/<phone-number-id>`: the number's fields, as Meta answers a valid token.
   * A queued 190 fault means the token has expired, for this read as for sends, until the
   * faults are cleared; the read uses up no counted fault (those count sends).
   */
  phoneNumber(version: string, phoneNumberId: string, authorization: string | undefined): GraphAnswer {
    const refused = this.checkRequest(version, authorization);
    if (refused !== undefined) return refused;
    if (this.faults.some((f) => f.code === '190')) return FAULTS['190']();
    return {
      status: 200,
      body: {
        verified_name: 'Mostrador Sandbox',
        code_verification_status: 'VERIFIED',
        display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER,
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        id: phoneNumberId,
      },
    };
  }

  /** What Meta checks first on every call: a known version and the right token. */
  private checkRequest(version: string, authorization: string | undefined): GraphAnswer | undefined {
    if (!VERSION.test(version)) {
      return graphError(400, 100, 'Invalid parameter', `Unknown Graph API version ${version}.`);
    }
    if (authorization !== `Bearer ${this.config.whatsapp.accessToken}`) {
      return graphError(401, 190, 'Invalid OAuth access token', 'Cannot parse access token.');
    }
    return undefined;
  }

  private markRead(request: Record<string, unknown>): GraphAnswer {
    const parsed = readReceiptSchema.safeParse(request);
    if (!parsed.success) return invalid(parsed.error);
    const { message_id: messageId, typing_indicator: typing } = parsed.data;
    this.outbox.record({
      kind: 'read',
      to: this.outbox.customerOf(messageId),
      messageId,
      typing: typing !== undefined,
      at: new Date().toISOString(),
    });
    return { status: 200, body: { success: true } };
  }

  /** The fault the next send fails with, if any: counted ones are used up, others stay. */
  private nextFault(): SandboxFaultCode | undefined {
    const fault = this.faults[0];
    if (fault === undefined) return undefined;
    if (fault.times !== null) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.shift();
    }
    return fault.code;
  }

  listFaults(): SandboxFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  addFault(fault: SandboxFault): SandboxFault[] {
    this.faults.push({ ...fault });
    return this.listFaults();
  }

  clearFaults(): void {
    this.faults = [];
  }
}
