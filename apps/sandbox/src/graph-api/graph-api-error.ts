import { randomBytes } from 'node:crypto';
import type { SandboxFaultCode } from '@mostrador/config';
import type { GraphErrorResponse } from '@mostrador/whatsapp';

export interface GraphAnswer {
  status: number;
  body: unknown;
}

/**
 * An error answer the way the Graph API writes it: the title in `message` after `(#code)`,
 * the explanation in `error_data.details`, a trace id.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
export function graphError(status: number, code: number, title: string, details: string): GraphAnswer {
  const body: GraphErrorResponse = {
    error: {
      message: `(#${code}) ${title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details },
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  };
  return { status, body };
}

/** The errors the sandbox can be told to answer with, as Meta answers them. */
export const FAULTS: Record<SandboxFaultCode, () => GraphAnswer> = {
  '130429': () =>
    graphError(
      429,
      130429,
      'Rate limit hit',
      'Cloud API message throughput has been reached. Try again later or reduce the frequency of messages.',
    ),
  '131056': () =>
    graphError(
      400,
      131056,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    ),
  '131047': () =>
    graphError(
      400,
      131047,
      'Re-engagement message',
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    ),
  '131026': () => graphError(400, 131026, 'Message undeliverable', 'Unable to deliver message.'),
  '190': () =>
    graphError(
      401,
      190,
      'Access token has expired',
      'Error validating access token: Session has expired on Friday, 27-Nov-26 23:00:00 PST.',
    ),
  '500': () => graphError(500, 131000, 'Something went wrong', 'Message failed to send due to an unknown error.'),
};
