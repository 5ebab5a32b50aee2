// Local secrets of a dev stack, made on first start and kept under the git-ignored data folder.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function readOrCreate(file, make) {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

export function devSecrets(dataDir) {
  return {
    secretKey: process.env.SIGNALBOX_SECRET_KEY ?? readOrCreate(path.join(dataDir, 'secret.key'), () => randomBytes(32).toString('base64')),
    adminKey:
      process.env.SIGNALBOX_ADMIN_KEY ??
      readOrCreate(path.join(dataDir, 'admin.key'), () => `sbx_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`),
    /** The embedded PostgreSQL's password (set when its data folder is first made). */
    databasePassword: readOrCreate(path.join(dataDir, 'postgres.password'), () => randomBytes(18).toString('base64url')),
  };
}
