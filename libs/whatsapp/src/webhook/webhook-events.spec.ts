import { describeIssues } from '@mostrador/http';
import { readWebhookEvents, webhookPayloadSchema } from '@mostrador/whatsapp';
import {
  BUSINESS,
  contactOf,
  customerPhone,
  failedStatus,
  MESSAGE_CASES,
  messageFrom,
  messagesWebhook,
  now,
  REENGAGEMENT_ERROR,
  statusOf,
  statusesWebhook,
  wamid,
  webhook,
} from '../../../../test/whatsapp/meta-webhooks.js';

function read(payload: unknown) {
  return readWebhookEvents(webhookPayloadSchema.parse(payload));
}

function problems(payload: unknown): string {
  const result = webhookPayloadSchema.safeParse(payload);
  if (result.success) throw new Error('expected the payload to be refused');
  return describeIssues(result.error, 'body');
}

describe(readWebhookEvents.name, () => {
  describe('messages', () => {
    it.each(MESSAGE_CASES.map((c) => [c.name, c] as const))('should read a %s message', (_name, testCase) => {
      const sender = { phone: customerPhone(), name: 'María José' };
      const earlier = wamid();
      const message = testCase.build(sender, earlier);
      const { messages, statuses, errors } = read(messagesWebhook(sender, [message], !testCase.withoutContacts));
      expect(statuses).toEqual([]);
      expect(errors).toEqual([]);
      expect(messages).toEqual([
        {
          waMessageId: message.id,
          phoneNumberId: BUSINESS.phone_number_id,
          customer: {
            phoneNumber: sender.phone,
            userId: null,
            displayName: testCase.withoutContacts ? null : 'María José',
          },
          type: testCase.type,
          text: testCase.text,
          payload: message,
          replyToWaMessageId: testCase.refersToEarlier ? earlier : null,
          sentAt: new Date(Number(message.timestamp) * 1000),
        },
      ]);
    });

    it('should read a sender known only by a business-scoped user id, with no phone', () => {
      const sender = { userId: 'MX.13491208655302741918', name: 'Ana', username: 'ana.runs' };
      const message = messageFrom(sender, 'text', { text: { body: 'Hola' } });
      const [read1] = read(messagesWebhook(sender, [message])).messages;
      expect(read1.customer).toEqual({ phoneNumber: null, userId: 'MX.13491208655302741918', displayName: 'Ana' });
    });

    it('should give each message of a batch its own sender, across entries and changes', () => {
      const a = { phone: customerPhone(), name: 'A' };
      const b = { phone: customerPhone(), name: 'B' };
      const c = { userId: 'CO.99887766554433221100', name: 'C' };
      const first = messageFrom(a, 'text', { text: { body: 'uno' } });
      const second = messageFrom(b, 'text', { text: { body: 'dos' } });
      const third = messageFrom(c, 'text', { text: { body: 'tres' } });
      const payload = webhook({ contacts: [contactOf(a), contactOf(b)], messages: [first, second] }, [
        {
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: BUSINESS, contacts: [contactOf(c)], messages: [third] },
        },
      ]);
      (payload.entry as unknown[]).push(
        (messagesWebhook(a, [messageFrom(a, 'text', { text: { body: 'cuatro' } })]).entry as unknown[])[0],
      );
      const { messages } = read(payload);
      expect(messages.map((m) => [m.text, m.customer.displayName])).toEqual([
        ['uno', 'A'],
        ['dos', 'B'],
        ['tres', 'C'],
        ['cuatro', 'A'],
      ]);
    });
  });

  describe('statuses', () => {
    it.each(['sent', 'delivered', 'read', 'played'])('should read a %s status', (status) => {
      const id = wamid();
      const { statuses } = read(statusesWebhook([statusOf(id, status, now(), '5215512345678')]));
      expect(statuses).toEqual([
        {
          waMessageId: id,
          status,
          timestamp: expect.any(Date),
          error: null,
          recipient: '5215512345678',
          callbackData: null,
        },
      ]);
    });

    it('should read a failed status with its error', () => {
      const id = wamid();
      const { statuses } = read(statusesWebhook([failedStatus(id, now(), '5215512345678')]));
      expect(statuses[0]).toMatchObject({
        status: 'failed',
        error: { code: 131047, title: 'Re-engagement message', details: REENGAGEMENT_ERROR.error_data.details },
      });
    });

    it('should skip a status Meta adds later, without refusing the payload', () => {
      const { statuses, skipped } = read(statusesWebhook([statusOf(wamid(), 'deleted', now(), '52155')]));
      expect(statuses).toEqual([]);
      expect(skipped).toEqual([{ kind: 'status', name: 'deleted' }]);
    });
  });

  it('should read errors at value level', () => {
    const payload = webhook({
      errors: [
        { code: 130429, title: 'Rate limit hit', message: 'Rate limit hit', error_data: { details: 'Too many' } },
      ],
    });
    expect(read(payload).errors).toEqual([
      { code: 130429, title: 'Rate limit hit', details: 'Too many', phoneNumberId: BUSINESS.phone_number_id },
    ]);
  });

  it('should pass over changes of other fields, whatever their value', () => {
    const payload = webhook({ statuses: [] }, [
      { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } },
      { field: 'account_update', value: 'anything' },
    ]);
    expect(read(payload).skipped).toEqual([
      { kind: 'change', name: 'message_template_status_update' },
      { kind: 'change', name: 'account_update' },
    ]);
  });
});

describe('webhookPayloadSchema', () => {
  const sender = { phone: '5215512345678' };

  it.each([
    ['no entry', { object: 'whatsapp_business_account' }, /^body\.entry: /],
    ['entry not an array', { object: 'whatsapp_business_account', entry: {} }, /^body\.entry: /],
    [
      'a message without id',
      messagesWebhook(sender, [{ from: sender.phone, timestamp: now(), type: 'text', text: { body: 'x' } }]),
      /^body\.entry\[0\]\.changes\[0\]\.value\.messages\[0\]\.id: /,
    ],
    [
      'a message from nobody',
      messagesWebhook(sender, [{ id: wamid(), timestamp: now(), type: 'text', text: { body: 'x' } }]),
      /messages\[0\]\.from: must have from or from_user_id/,
    ],
    [
      'a bad timestamp',
      messagesWebhook(sender, [{ from: sender.phone, id: wamid(), timestamp: 'yesterday', type: 'text' }]),
      /messages\[0\]\.timestamp: /,
    ],
    [
      'a timestamp past the year 9999',
      messagesWebhook(sender, [{ from: sender.phone, id: wamid(), timestamp: '999999999999', type: 'text' }]),
      /messages\[0\]\.timestamp: must be a Unix timestamp before the year 10000/,
    ],
    [
      'a status timestamp no date can hold',
      statusesWebhook([{ id: wamid(), status: 'read', timestamp: 9007199254740991, recipient_id: sender.phone }]),
      /statuses\[0\]\.timestamp: must be a Unix timestamp before the year 10000/,
    ],
    [
      'messages without metadata',
      {
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { messages: [messageFrom(sender, 'text', {})] } }] }],
      },
      /value\.metadata: is required with messages/,
    ],
    ['a status without id', statusesWebhook([{ status: 'read', timestamp: now() }]), /statuses\[0\]\.id: /],
  ])('should refuse %s, saying where', (_case, payload, where) => {
    expect(problems(payload)).toMatch(where);
  });
});
