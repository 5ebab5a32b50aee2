import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { In } from 'typeorm';
import type { ApiKeyRole } from '@signalbox/domain';
import { ApiKeyEntity, ProviderEntity } from '@signalbox/persistence';
import { API_KEY_KIND, AuditService } from '../audit/audit.service';
import { RevisionProbe } from '../catalog-cache/revision-probe';
import { notFound, validationFailed } from '../common/api-error';
import type { Principal } from './permissions';

const KEY_PATTERN = /^sbx_([a-f0-9]{12})_([A-Za-z0-9_-]{16,})$/;
const TOUCH_EVERY_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** Agent keys: the providers whose orders the key may answer; null for other roles. */
  providers: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** What a key's check reads, as stored. */
type KeyRow = Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'providers' | 'hash' | 'revokedAt' | 'lastUsedAt'>;

/** Keys remembered per key revision; past it, keys are read from the database each time. */
const MAX_REMEMBERED_KEYS = 10_000;

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeysService.name);
  /** Key rows read at `rememberedAt` (the key revision), by id. */
  private remembered = new Map<string, KeyRow>();
  private rememberedAt = '0';

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly revisions: RevisionProbe,
  ) {}

  /**
   * The caller of a presented key, or undefined when it is unknown, malformed or revoked. Each
   * check reads the key revision (shared with the catalog's, see RevisionProbe) and trusts a key
   * row remembered in memory only while the revision it was read at is still the database's: any
   * key made, revoked or re-scoped through any process moves it, so the next check everywhere
   * reads the row again.
   */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const row = await this.keyRow(match[1]);
    if (!row || row.revokedAt) return undefined;
    const expected = Buffer.from(row.hash, 'hex');
    const actual = Buffer.from(hashKey(presented), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      // The stamp does not move the key revision (migration 1796990000000): the remembered row takes it too.
      row.lastUsedAt = now;
      await this.dataSource.getRepository(ApiKeyEntity).update({ id: row.id }, { lastUsedAt: now });
    }
    return { keyId: row.id, name: row.name, role: row.role, providers: row.role === 'agent' ? (row.providers ?? []) : null };
  }

  /** The key's row at the current key revision: remembered, or read (and remembered). */
  private async keyRow(id: string): Promise<KeyRow | null> {
    const revision = (await this.revisions.current()).keys;
    if (revision !== this.rememberedAt) {
      // A request that read an older revision than another already saw neither uses nor keeps rows.
      if (BigInt(revision) < BigInt(this.rememberedAt)) return this.readKeyRow(id);
      this.remembered = new Map();
      this.rememberedAt = revision;
    }
    const known = this.remembered.get(id);
    if (known) return known;
    // Read after the revision: a change committed in between makes the row newer than its label, never older.
    const row = await this.readKeyRow(id);
    if (row && revision === this.rememberedAt && this.remembered.size < MAX_REMEMBERED_KEYS) this.remembered.set(id, row);
    return row;
  }

  private readKeyRow(id: string): Promise<KeyRow | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOne({
      where: { id },
      select: { id: true, name: true, role: true, providers: true, hash: true, revokedAt: true, lastUsedAt: true },
    });
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  /** Creates a key; the secret is in the answer only. */
  async create(input: { name: string; role: ApiKeyRole; providers?: string[] }, actor: string): Promise<ApiKeyView & { key: string }> {
    const id = randomBytes(6).toString('hex');
    const key = `sbx_${id}_${randomBytes(24).toString('base64url')}`;
    const providers = input.role === 'agent' ? [...new Set(input.providers ?? [])].sort() : null;
    return this.dataSource.transaction(async (em) => {
      if (providers) {
        const known = new Set((await em.getRepository(ProviderEntity).find({ where: { code: In(providers) }, select: { code: true } })).map((p) => p.code));
        const unknown = input.providers!.map((code, i) => ({ code, i })).filter(({ code }) => !known.has(code));
        if (unknown.length) throw validationFailed(unknown.map(({ code, i }) => ({ path: `providers.${i}`, message: `provider ${code} does not exist` })));
      }
      const row = em.create(ApiKeyEntity, { id, name: input.name, role: input.role, providers, hash: hashKey(key), createdAt: new Date(), lastUsedAt: null, revokedAt: null });
      await em.insert(ApiKeyEntity, row);
      await this.audit.record(em, { actor, action: 'create', entityKind: API_KEY_KIND, code: id, details: { name: input.name, role: input.role, ...(providers ? { providers } : {}) } });
      return { ...toView(row), key };
    });
  }

  async revoke(id: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const result = await em.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw notFound('API key', id);
      await this.audit.record(em, { actor, action: 'revoke', entityKind: API_KEY_KIND, code: id, details: null });
    });
  }

  /** Agent keys in use that answer for no provider (made before keys had provider scopes). */
  async unscopedAgentKeys(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM api_keys WHERE role = 'agent' AND revoked_at IS NULL AND cardinality(providers) = 0`)) as { n: number }[];
    return row?.n ?? 0;
  }

  /** Says at start-up how many agent keys answer for no provider, so they are replaced before an agent is refused. */
  async onApplicationBootstrap(): Promise<void> {
    const n = await this.unscopedAgentKeys();
    if (n === 0) return;
    this.logger.warn(
      `${n} agent key${n === 1 ? ' has' : 's have'} no provider scope (made before agent keys were tied to providers) and may answer no service order: ` +
        `issue new agent keys with providers (POST /api/keys) and revoke these (GET /api/keys lists them with "providers": [])`,
    );
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
      await em.insert(ApiKeyEntity, { id: match[1], name: 'bootstrap-admin', role: 'admin', providers: null, hash: hashKey(key), createdAt: new Date(), lastUsedAt: null, revokedAt: null });
      await this.audit.record(em, { actor: 'system', action: 'create', entityKind: API_KEY_KIND, code: match[1], details: { name: 'bootstrap-admin', role: 'admin' } });
    });
    this.logger.log(`created the bootstrap admin key ${match[1]} from SIGNALBOX_ADMIN_KEY`);
  }
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    providers: row.providers,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
