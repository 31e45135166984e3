import { createHmac } from 'node:crypto';
import { signWebhookBody, toMetaJson, verifyWebhookSignature } from '@mostrador/whatsapp';

const secret = 'test-app-secret';
const body = Buffer.from(toMetaJson({ text: 'Güey, ¿cuánto cuesta? 👟 مرحبا' }), 'utf8');
const valid = signWebhookBody(body, secret);

describe(verifyWebhookSignature.name, () => {
  it('should accept the HMAC-SHA256 of the exact bytes, as Meta computes it', () => {
    const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(valid).toBe(expected);
    expect(verifyWebhookSignature(body, valid, secret)).toEqual({ valid: true });
  });

  it('should accept upper-case hex', () => {
    expect(verifyWebhookSignature(body, `sha256=${valid.slice(7).toUpperCase()}`, secret)).toEqual({ valid: true });
  });

  it.each([
    ['absent', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['without the sha256= prefix', valid.slice(7), 'malformed'],
    ['sha1', `sha1=${valid.slice(7, 47)}`, 'malformed'],
    ['too short', valid.slice(0, -2), 'malformed'],
    ['too long', `${valid}00`, 'malformed'],
    ['not hex', `sha256=${'z'.repeat(64)}`, 'malformed'],
    ['two headers', [valid, valid], 'missing'],
    ['signed with another secret', signWebhookBody(body, 'another-secret'), 'mismatch'],
    ['one hex digit off', `${valid.slice(0, -1)}${valid.endsWith('0') ? '1' : '0'}`, 'mismatch'],
  ])('should refuse a header that is %s', (_case, header, reason) => {
    expect(verifyWebhookSignature(body, header, secret)).toEqual({ valid: false, reason });
  });

  it('should refuse the same payload re-serialised (unicode no longer escaped)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))), 'utf8');
    expect(reserialised.equals(body)).toBe(false);
    expect(verifyWebhookSignature(reserialised, valid, secret)).toEqual({ valid: false, reason: 'mismatch' });
  });
});

describe(toMetaJson.name, () => {
  it('should escape everything outside ASCII and parse back to the same value', () => {
    const value = { body: 'Ñandú 👍 שלום' };
    const json = toMetaJson(value);
    expect(json).toBe('{"body":"\\u00d1and\\u00fa \\ud83d\\udc4d \\u05e9\\u05dc\\u05d5\\u05dd"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
