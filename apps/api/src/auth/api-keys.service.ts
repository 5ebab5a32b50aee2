import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity, type ApiKeyRole } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/api-error';
import type { Principal } from './permissions';

const KEY_PATTERN = /^sbx_([a-f0-9]{12})_([A-Za-z0-9_-]{16,})$/;
const TOUCH_EVERY_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The caller of a presented key, or undefined when it is unknown, malformed or revoked. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    const row = await repo.findOneBy({ id: match[1] });
    if (!row || row.revokedAt) return undefined;
    const expected = Buffer.from(row.hash, 'hex');
    const actual = Buffer.from(hashKey(presented), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await repo.update({ id: row.id }, { lastUsedAt: now });
    }
    return { keyId: row.id, name: row.name, role: row.role };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  /** Creates a key; the secret is in the answer only. */
  async create(input: { name: string; role: ApiKeyRole }, actor: string): Promise<ApiKeyView & { key: string }> {
    const id = randomBytes(6).toString('hex');
    const key = `sbx_${id}_${randomBytes(24).toString('base64url')}`;
    return this.dataSource.transaction(async (em) => {
      const row = em.create(ApiKeyEntity, { id, name: input.name, role: input.role, hash: hashKey(key), createdAt: new Date(), lastUsedAt: null, revokedAt: null });
      await em.insert(ApiKeyEntity, row);
      await this.audit.record(em, { actor, action: 'create', entityKind: 'api-key', code: id, details: { name: input.name, role: input.role } });
      return { ...toView(row), key };
    });
  }

  async revoke(id: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const result = await em.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw notFound('API key', id);
      await this.audit.record(em, { actor, action: 'revoke', entityKind: 'api-key', code: id, details: null });
    });
  }

  /** Makes sure the bootstrap admin key (SIGNALBOX_ADMIN_KEY) exists. */
  async ensureBootstrapKey(key: string): Promise<void> {
    const match = KEY_PATTERN.exec(key);
    if (!match) throw new Error('SIGNALBOX_ADMIN_KEY is malformed');
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    const existing = await repo.findOneBy({ id: match[1] });
    if (existing) {
      if (existing.hash !== hashKey(key)) this.logger.warn(`an API key with id ${match[1]} exists with another secret; SIGNALBOX_ADMIN_KEY is not usable`);
      return;
    }
    await this.dataSource.transaction(async (em) => {
      await em.insert(ApiKeyEntity, { id: match[1], name: 'bootstrap-admin', role: 'admin', hash: hashKey(key), createdAt: new Date(), lastUsedAt: null, revokedAt: null });
      await this.audit.record(em, { actor: 'system', action: 'create', entityKind: 'api-key', code: match[1], details: { name: 'bootstrap-admin', role: 'admin' } });
    });
    this.logger.log(`created the bootstrap admin key ${match[1]} from SIGNALBOX_ADMIN_KEY`);
  }
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
