export {
  buttonsMessageSchema,
  graphErrorResponseSchema,
  LIMITS,
  listMessageSchema,
  readReceiptSchema,
  recipientSchema,
  templateMessageSchema,
  textMessageSchema,
  type ButtonsMessagePayload,
  type GraphErrorResponse,
  type ListMessagePayload,
  type OutboundMessagePayload,
  type ReadReceiptPayload,
  type TemplateMessagePayload,
  type TextMessagePayload,
} from './outbound/cloud-api-payload.schema.js';
export { isWithinServiceWindow, SERVICE_WINDOW_MS } from './outbound/service-window.js';
export { splitMessageText } from './outbound/split-text.js';
export {
  OUTSIDE_WINDOW_ERROR_CODE,
  PAIR_RATE_ERROR_CODE,
  THROUGHPUT_ERROR_CODES,
  TEMPORARY_ERROR_CODES,
  WhatsAppApiError,
  WhatsAppMessageInvalidError,
  WhatsAppSendError,
  WhatsAppUnreachableError,
  type SentMessage,
} from './outbound/whatsapp-send.error.js';
export {
  WhatsAppClient,
  type ListRow,
  type ReplyButton,
  type SendButtonsInput,
  type SendListInput,
  type SendResult,
  type SendTemplateInput,
  type SendTextInput,
  type WhatsAppClientHooks,
  type WhatsAppClientOptions,
} from './outbound/whatsapp.client.js';
export { messageText, referencedMessageId } from './webhook/message-text.js';
export {
  DELIVERY_STATUSES,
  readWebhookEvents,
  toWhatsAppError,
  type InboundMessage,
  type StatusUpdate,
  type WebhookDeliveryStatus,
  type WebhookEvents,
  type WhatsAppError,
} from './webhook/webhook-events.js';
export {
  messagesValueSchema,
  metaErrorSchema,
  webhookContactSchema,
  webhookMessageSchema,
  webhookPayloadSchema,
  webhookStatusSchema,
  type MessagesValue,
  type MetaError,
  type WebhookContact,
  type WebhookMessage,
  type WebhookPayload,
  type WebhookStatus,
} from './webhook/webhook-payload.schema.js';
export {
  SIGNATURE_HEADER,
  signWebhookBody,
  toMetaJson,
  verifyWebhookSignature,
  type SignatureCheck,
} from './webhook/webhook-signature.js';
export { WhatsAppHealthIndicator } from './whatsapp.health-indicator.js';
export { WhatsAppModule } from './whatsapp.module.js';
