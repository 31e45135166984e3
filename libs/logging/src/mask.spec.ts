import { createMasker, maskPhoneDigits, REDACTED } from '@mostrador/logging';

describe(createMasker.name, () => {
  const mask = createMasker({ secrets: ['EAAG-real-access-token-value', 'my-app-secret-123'] });

  describe('phone numbers and WhatsApp ids', () => {
    it.each([
      ['a WhatsApp id alone', '5215512345678', '52*******5678'],
      ['with +', '+5215512345678', '+52*******5678'],
      ['in a sentence', 'customer 5215512345678 wrote', 'customer 52*******5678 wrote'],
      ['with spaces', 'call +52 1 55 1234 5678 now', 'call +52*******5678 now'],
      ['with dashes', 'call +52-55-1234-5678.', 'call +52******5678.'],
      ['US number', '+1 415-555-2671', '+1******2671'],
      ['Spanish grouping', 'tel: +34 612 34 56 78', 'tel: +34*****5678'],
      ['local 10 digits with spaces', 'es el 55 1234 5678', 'es el 55****5678'],
      ['three-digit country code', '+593991234567', '+593*****4567'],
      ['two numbers', '5215512345678 y 5215587654321', '52*******5678 y 52*******4321'],
      ['inside JSON text', '{"from":"5215512345678"}', '{"from":"52*******5678"}'],
      ['at the end of a sentence', 'escribió 5215512345678.', 'escribió 52*******5678.'],
    ])('should mask %s', (_case, input, expected) => {
      expect(mask(input)).toBe(expected);
    });

    it.each([
      ['a price', 'precio 1299 MXN'],
      ['a decimal price', 'total $1,299.00'],
      ['a size', 'talla 42'],
      ['a list of sizes', 'tallas 25 26 27 28 29'],
      ['a SKU', 'SKU TEN-NEG-27-000123'],
      ['a date', 'el 2026-11-28 a las 10:00'],
      ['a wamid', 'wamid.HBgNNTIxNTUxMjM0NTY3OBUCABIYFDNBMjQ'],
      ['a UUID', '12345678-1234-4234-8234-123456789012'],
      ['seven digits', 'order 1234567'],
      ['sixteen digits', 'card 1234567890123456'],
      ['a decimal number', '12345678.50'],
    ])('should leave %s alone', (_case, input) => {
      expect(mask(input)).toBe(input);
    });

    it('should mask in nested objects and arrays, without touching the original', () => {
      const original = {
        entry: [{ changes: [{ value: { contacts: [{ wa_id: '5215512345678', profile: { name: 'Ana' } }] } }] }],
        note: ['ok', '+5215587654321'],
        price: 1299,
      };
      const masked = mask(original) as typeof original;
      expect(masked.entry[0].changes[0].value.contacts[0].wa_id).toBe('52*******5678');
      expect(masked.entry[0].changes[0].value.contacts[0].profile.name).toBe('Ana');
      expect(masked.note).toEqual(['ok', '+52*******4321']);
      expect(masked.price).toBe(1299);
      expect(original.entry[0].changes[0].value.contacts[0].wa_id).toBe('5215512345678');
    });

    it('should mask inside errors, message and stack', () => {
      const masked = mask(new Error('no route to 5215512345678')) as { message: string; stack: string };
      expect(masked.message).toBe('no route to 52*******5678');
      expect(masked.stack).not.toContain('5215512345678');
    });

    it('should survive circular references', () => {
      const node: Record<string, unknown> = { phone: '5215512345678' };
      node.self = node;
      expect(mask(node)).toEqual({ phone: '52*******5678', self: '[Circular]' });
    });
  });

  describe('customer identifiers under their keys, whatever their shape', () => {
    it.each([
      ['from', '5215512345678', '52*******5678'],
      ['to', '+5215512345678', '+52*******5678'],
      ['wa_id', 5215512345678, '52*******5678'],
      ['phoneNumber', '+1 415-555-2671', '+1******2671'],
      ['recipient_id', '5215512345678', '52*******5678'],
      ['from', 'MX.1a2B3c4D5e', 'MX.******4D5e'],
      ['to', 'MX.1a2B3c4D5e', 'MX.******4D5e'],
      ['user_id', 'BR.1502576394655843', 'BR.************5843'],
      ['userId', 'MX.1a2B3c4D5e', 'MX.******4D5e'],
      ['from_user_id', 'MX.1a2B3c4D5e', 'MX.******4D5e'],
      ['recipient_user_id', 'US.ENT.11815799212886844830', 'US.ENT.****************4830'],
      ['customer', 'US.ENT.11815799212886844830', 'US.ENT.****************4830'],
      ['recipient', 'MX.1a2B3c4D5e', 'MX.******4D5e'],
      ['username', '@sheena.nelson', '**********lson'],
      ['from', 'ana.lopez@example.com', '*****************.com'],
      ['customer', '1234567', '****567'],
      ['to', 'abc', '**c'],
      ['from', 'ab', '**'],
    ])('should mask %s: %s', (key, value, expected) => {
      expect(mask({ [key]: value })).toEqual({ [key]: expected });
      expect(mask(value, key)).toBe(expected);
    });

    it('should mask every identifier in a webhook from a customer known only by a BSUID', () => {
      const value = {
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        contacts: [{ user_id: 'MX.1a2B3c4D5e', profile: { name: 'Sheena', username: '@sheena' } }],
        messages: [{ from_user_id: 'MX.1a2B3c4D5e', id: 'wamid.HBgNNTIxNTUx', text: { body: 'hola' } }],
        statuses: [{ recipient_id: '5215512345678', recipient_user_id: 'MX.9z8Y7x6W5v' }],
      };
      expect(mask(value)).toEqual({
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        contacts: [{ user_id: 'MX.******4D5e', profile: { name: 'Sheena', username: '****ena' } }],
        messages: [{ from_user_id: 'MX.******4D5e', id: 'wamid.HBgNNTIxNTUx', text: { body: 'hola' } }],
        statuses: [{ recipient_id: '52*******5678', recipient_user_id: 'MX.******6W5v' }],
      });
    });

    it('should mask each item of a list under such a key, and the fields of a customer object', () => {
      expect(mask({ to: ['5215512345678', 'MX.1a2B3c4D5e'] })).toEqual({ to: ['52*******5678', 'MX.******4D5e'] });
      expect(mask({ customer: { phoneNumber: '5215512345678', userId: 'MX.1a2B3c4D5e', displayName: 'Ana' } })).toEqual(
        { customer: { phoneNumber: '52*******5678', userId: 'MX.******4D5e', displayName: 'Ana' } },
      );
    });
  });

  describe('BSUIDs in free text', () => {
    it.each([
      ['in a sentence', 'message from MX.1a2B3c4D5e stored', 'message from MX.******4D5e stored'],
      ['a parent BSUID', 'parent US.ENT.11815799212886844830', 'parent US.ENT.****************4830'],
      ['at the end of a sentence', 'escribió BR.1502576394655843.', 'escribió BR.************5843.'],
      ['inside JSON text', '{"from_user_id":"MX.1a2B3c4D5e"}', '{"from_user_id":"MX.******4D5e"}'],
      ['beside a phone number', '5215512345678 is MX.1a2B3c4D5e', '52*******5678 is MX.******4D5e'],
    ])('should mask one %s', (_case, input, expected) => {
      expect(mask(input)).toBe(expected);
    });

    it.each([
      ['a file name', 'at apps/api/main.js:10'],
      ['a version', 'Graph API v26.0'],
      ['a dotted name', 'Intl.NumberFormat and JSON.stringify'],
      ['a short code', 'MX.MXN'],
    ])('should leave %s alone', (_case, input) => {
      expect(mask(input)).toBe(input);
    });
  });

  describe("the business's own ids", () => {
    it.each([
      ['phoneNumberId', '106540352242922'],
      ['phone_number_id', '106540352242922'],
      ['display_phone_number', '15550783881'],
      ['wabaId', '102290129340398'],
    ])('should keep %s readable', (key, value) => {
      expect(mask({ [key]: value })).toEqual({ [key]: value });
    });

    it('should keep the phone-number id of a Graph API path readable', () => {
      expect(mask('POST /v26.0/106540352242922/messages to 5215512345678')).toBe(
        'POST /v26.0/106540352242922/messages to 52*******5678',
      );
    });
  });

  describe('secrets', () => {
    it.each([
      [
        'an Authorization header',
        { headers: { Authorization: 'Bearer abc.def' } },
        { headers: { Authorization: REDACTED } },
      ],
      ['an access_token field', { access_token: 'EAAGxyz' }, { access_token: REDACTED }],
      ['an app secret field', { appSecret: 'whatever' }, { appSecret: REDACTED }],
      ['an x-api-key header', { 'x-api-key': 'k' }, { 'x-api-key': REDACTED }],
      ['a service role key', { SUPABASE_SERVICE_ROLE_KEY: 'eyJ...' }, { SUPABASE_SERVICE_ROLE_KEY: REDACTED }],
      ['a signature header', { 'x-hub-signature-256': 'sha256=ab' }, { 'x-hub-signature-256': REDACTED }],
    ])('should remove %s', (_case, input, expected) => {
      expect(mask(input)).toEqual(expected);
    });

    it.each([
      ['a bearer token in text', 'sent with Bearer EAAGabc123.xyz', `sent with Bearer ${REDACTED}`],
      [
        'a token in a URL',
        'GET /v23.0/me?access_token=EAAGabc&fields=id',
        `GET /v23.0/me?access_token=${REDACTED}&fields=id`,
      ],
      ['a key in JSON text', '{"api_key": "abc123"}', `{"api_key": "${REDACTED}"}`],
      ['a configured secret anywhere', 'oops my-app-secret-123 leaked', `oops ${REDACTED} leaked`],
      ['the access token anywhere', 'token EAAG-real-access-token-value!', `token ${REDACTED}!`],
    ])('should remove %s', (_case, input, expected) => {
      expect(mask(input)).toBe(expected);
    });

    it('should keep counts whose names mention tokens', () => {
      expect(mask({ tokenEstimate: 420, promptTokens: 12 })).toEqual({ tokenEstimate: 420, promptTokens: 12 });
    });
  });
});

describe(maskPhoneDigits.name, () => {
  it.each([
    ['5215512345678', true, '+52*******5678'],
    ['14155552671', false, '1******2671'],
    ['79161234567', true, '+7******4567'],
    ['50212345678', true, '+502****5678'],
  ])('should keep the country code of %s', (digits, plus, expected) => {
    expect(maskPhoneDigits(digits, plus)).toBe(expected);
  });
});
