import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBackup } from '../../../main/services/backup/format';
import { BACKUP_DIR, BackupService } from '../../../main/services/backup/service';
import { SCHEDULE_FILE } from '../../../main/services/backup/schedule';
import { freshStore, tempDir } from '../store/helpers';

const PASS = 'the schedule passphrase';
const HOUR = 3_600_000;

test('scheduled backups: due by the injected clock, last N kept, openable with the passphrase', async () => {
  let now = Date.UTC(2026, 0, 1);
  const store = freshStore(() => now);
  const dataDir = tempDir();
  const backups = new BackupService({
    store,
    dataDir,
    dataKey: store.dataKey,
    now: () => now,
    schema: () => 2,
  });
  assert.equal(await backups.tick(), null, 'no schedule, no backup');
  await backups.setSchedule(
    { enabled: true, everyHours: 2, keep: 2, passphrase: PASS },
    {
      actor: 'admin',
    },
  );
  assert.ok(!readFileSync(join(dataDir, SCHEDULE_FILE), 'utf8').includes(PASS));

  const first = await backups.tick();
  assert.ok(first);
  now += HOUR;
  assert.equal(await backups.tick(), null, 'not due after one hour');
  now += HOUR;
  assert.ok(await backups.tick(), 'due after two');
  now += 2 * HOUR;
  const third = await backups.tick();
  assert.ok(third);
  const names = readdirSync(join(dataDir, BACKUP_DIR)).sort();
  assert.equal(names.length, 2, 'keep 2');
  assert.ok(!names.includes(first.name), 'the oldest went');
  // The scheduled file needs nothing from this machine: the passphrase alone opens it.
  const opened = await openBackup(readFileSync(third.path), PASS);
  assert.deepEqual(opened.dataKey, store.dataKey);
  // Without a passphrase, an on-demand backup uses the schedule's.
  now += 1000;
  const onDemand = await backups.create(undefined, { actor: 'admin' });
  await openBackup(readFileSync(onDemand.path), PASS);
  const actions = store.audit.list({}).map((e) => e.action);
  assert.ok(actions.includes('backup.schedule'));
  assert.equal(actions.filter((a) => a === 'backup.create').length, 4);
});
