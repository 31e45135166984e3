import { ConfigModule } from '@mostrador/config';
import { DatabaseModule, RETENTION_JOB, RetentionSchedule, RetentionService } from '@mostrador/database';
import { LoggingModule } from '@mostrador/logging';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteTestStore, type TestStore } from '../support/database.js';
import { inbound } from './conversation-store.contract.js';

describe(RetentionService.name, () => {
  const settings = testSettings({ RETENTION_DAYS: '30', RETENTION_BATCH_SIZE: '2', RETENTION_CRON: '30 4 * * *' });
  let test: TestStore;
  let module: TestingModule;
  let captured: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    captured = captureLogger(settings);
    test = await createPgliteTestStore({ logger: captured.logger });
    module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(settings),
        LoggingModule.forRoot(captured.logger),
        DatabaseModule.forRoot({ store: test.store }),
      ],
    }).compile();
    await module.init();
  }, 60_000);
  afterEach(async () => {
    await module?.close();
  }, 30_000);

  /** A customer whose one-message conversation was last active `days` ago. */
  async function customerLastSeen(days: number) {
    const first = await test.store.recordInboundMessage(inbound());
    const ago = `now() - interval '${days} days'`;
    await test.sql(`update public.messages set created_at = ${ago} where conversation_id = $1`, [first.conversationId]);
    await test.sql(`update public.conversations set started_at = ${ago}, last_message_at = ${ago} where id = $1`, [
      first.conversationId,
    ]);
    await test.sql(`update public.user_profiles set first_seen_at = ${ago}, last_seen_at = ${ago} where id = $1`, [
      first.customerId,
    ]);
    return first;
  }

  it('should delete everything older than RETENTION_DAYS, batch after batch, and log the counts', async () => {
    const old = await customerLastSeen(31);
    const alsoOld = await customerLastSeen(45);
    const recent = await customerLastSeen(29);
    const run = await module.get(RetentionService).purgeExpiredData();
    expect(run).toMatchObject({ ran: true, counts: { messages: 2, conversations: 2, memories: 0, customers: 2 } });
    expect(run.ran && run.batches).toBeGreaterThanOrEqual(2);
    const left = await test.sql<{ id: string }>('select id from public.user_profiles where id = any($1)', [
      [old.customerId, alsoOld.customerId, recent.customerId],
    ]);
    expect(left).toEqual([{ id: recent.customerId }]);
    expect(captured.lines()).toContainEqual(
      expect.objectContaining({
        event: 'retention',
        outcome: 'ok',
        messages: 2,
        conversations: 2,
        customers: 2,
        memories: 0,
      }),
    );
  }, 30_000);

  it('should run once when asked twice at the same time', async () => {
    await customerLastSeen(40);
    const retention = module.get(RetentionService);
    const runs = await Promise.all([retention.purgeExpiredData(), retention.purgeExpiredData()]);
    expect(runs.map((run) => run.ran).sort()).toEqual([false, true]);
    expect(captured.lines()).toContainEqual(expect.objectContaining({ event: 'retention', outcome: 'skipped' }));
  }, 30_000);

  it('should be scheduled at RETENTION_CRON, and a failed run should be logged, not thrown', async () => {
    const job = module.get(SchedulerRegistry).getCronJob(RETENTION_JOB);
    expect(job.cronTime.source).toBe('30 4 * * *');
    expect(job.isActive).toBe(true);
    await test.driver.close();
    await expect(module.get(RetentionSchedule).purgeExpiredConversations()).resolves.toBeUndefined();
    expect(captured.lines()).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'retention cleanup failed' }),
    );
  }, 30_000);
});
