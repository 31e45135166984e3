/**
 * Free-form messages (text, interactive…) may only be sent within 24 hours of the
 * customer's last message; outside that window only an approved template can reach them
 * (Meta refuses anything else with 131047).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages#customer-service-windows
 */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** True when a free-form message may be sent now, given when the customer last wrote. */
export function isWithinServiceWindow(lastInboundAt: Date | null, now: Date = new Date()): boolean {
  if (lastInboundAt === null || Number.isNaN(lastInboundAt.getTime())) return false;
  return now.getTime() - lastInboundAt.getTime() < SERVICE_WINDOW_MS;
}
