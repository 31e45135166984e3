import { delayFor, failsUnder, faultPlanPatchSchema, NO_FAULTS, spoilPayload } from './injected-faults.js';

const answer =
  '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soap:Body><ns1:GetProductResponse xmlns:ns1="urn:mostrador:inventory:v1"><product><sku>TEN-0001-NEG</sku>' +
  '<name>Tenis Urbano Kairo</name></product></ns1:GetProductResponse></soap:Body></soap:Envelope>';

describe(spoilPayload.name, () => {
  it('should leave a valid answer alone', () => {
    expect(spoilPayload(answer, NO_FAULTS)).toBe(answer);
  });

  it('should cut a malformed answer short', () => {
    const spoilt = spoilPayload(answer, { ...NO_FAULTS, payload: 'malformed' });
    expect(answer.startsWith(spoilt)).toBe(true);
    expect(spoilt.length).toBeLessThan(answer.length);
  });

  it('should declare an external entity to the local file and put it where a name goes', () => {
    const spoilt = spoilPayload(answer, { ...NO_FAULTS, payload: 'xxe', xxeFile: '/tmp/secret file.txt' });
    expect(spoilt).toContain('<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///tmp/secret%20file.txt"> ]>');
    expect(spoilt).toContain('<name>&xxe;</name>');
    expect(spoilt.indexOf('<?xml')).toBe(0);
  });
});

describe(delayFor.name, () => {
  it('should add up to jitterMs to latencyMs', () => {
    const plan = { ...NO_FAULTS, latencyMs: 100, jitterMs: 50 };
    expect(delayFor(plan, () => 0)).toBe(100);
    expect(delayFor(plan, () => 0.999)).toBe(150);
    expect(delayFor(NO_FAULTS)).toBe(0);
  });
});

describe(failsUnder.name, () => {
  it.each([
    [0, 0, false],
    [100, 0.999, true],
    [25, 0.2, true],
    [25, 0.3, false],
  ])('should fail with errorPercent %d and a draw of %d: %s', (errorPercent, draw, fails) => {
    expect(failsUnder({ ...NO_FAULTS, errorPercent }, () => draw)).toBe(fails);
  });
});

describe('faultPlanPatchSchema', () => {
  it.each([
    [{ latencyMs: -1 }],
    [{ latencyMs: 1.5 }],
    [{ errorPercent: 101 }],
    [{ payload: 'broken' }],
    [{ xxeFile: 'relative/path' }],
    [{ down: 'yes' }],
    [{ unknown: true }],
  ])('should refuse %j', (patch) => {
    expect(faultPlanPatchSchema.safeParse(patch).success).toBe(false);
  });

  it('should take a partial plan', () => {
    expect(faultPlanPatchSchema.parse({ down: true })).toEqual({ down: true });
  });
});
