import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogDocument, type Provider, type Workflow } from '@signalbox/domain';
import { SnapshotReferenceError } from '@signalbox/contracts';
import { CATALOG_KINDS, ProviderEntity, SecretBox, WorkflowDraftEntity, insertPublishedVersion, splitProviderSecrets, type CatalogKind, type ProviderSecrets } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { ApiError, validationFailed, type Problem } from '../common/api-error';
import { stableJson } from '../common/stable-json';
import { parseWith } from '../common/zod-problems';
import { CATALOG_KIND_SPECS, keyOf } from '../catalog/catalog-kinds';
import { readCatalog } from '../catalog/catalog-reader';
import { CatalogService } from '../catalog/catalog.service';
import { referenceProblems } from '../catalog/references';
import { EvaluationService } from '../evaluation/evaluation.service';

export interface ImportChange {
  kind: CatalogKind | 'workflows' | 'workflow-versions';
  code: string;
  version?: number;
  change: 'create' | 'update' | 'unchanged';
}

/** Export and import of the whole catalog as one CatalogDocument. */
@Injectable()
export class CatalogDocumentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    private readonly evaluation: EvaluationService,
  ) {}

  /** The catalog without secrets. */
  async export(): Promise<CatalogDocument> {
    const { format, ...rest } = await readCatalog(this.dataSource.manager);
    return { format, exportedAt: new Date().toISOString(), ...rest };
  }

  /**
   * Validates the document whole against itself and what is stored, then applies it in one
   * transaction. Entries not in the document are left alone. Any problem: 422, nothing written.
   */
  async import(body: unknown, dryRun: boolean, actor: string): Promise<{ dryRun: boolean; changes: ImportChange[] }> {
    if (body === undefined) throw missingDocument();
    const parsed = parseWith(CatalogDocument, body);
    if (!parsed.ok) throw validationFailed(parsed.problems, `${parsed.problems.length} problem(s) in the catalog document; nothing was imported`);
    return this.importDocument(parsed.data, dryRun, actor);
  }

  /** The same from a raw request body, read and checked on an evaluation thread (a document may be 10 MB). */
  async importBody(body: Uint8Array | undefined, dryRun: boolean, actor: string): Promise<{ dryRun: boolean; changes: ImportChange[] }> {
    if (!body?.length) throw missingDocument();
    const doc = await this.evaluation.readLargeBody(body, 'catalog-document', (n) => `${n} problem(s) in the catalog document; nothing was imported`);
    return this.importDocument(doc, dryRun, actor);
  }

  private async importDocument(doc: CatalogDocument, dryRun: boolean, actor: string): Promise<{ dryRun: boolean; changes: ImportChange[] }> {
    return this.dataSource.transaction(async (em) => {
      const stored = await readCatalog(em);
      const merged = mergeCatalogs(stored, doc);
      const problems = [...duplicateProblems(doc), ...this.entryProblems(doc, merged), ...(await this.workflowProblems(doc, stored, merged))];
      if (problems.length) throw validationFailed(problems, `${problems.length} problem(s) in the catalog document; nothing was imported`);
      const changes = await this.plan(em, doc, stored);
      if (!dryRun) await this.apply(em, doc, stored, changes, actor);
      return { dryRun, changes };
    });
  }

  /** Workflows must belong to known event codes; stored versions are immutable; new latest versions must be publishable. */
  private async workflowProblems(doc: CatalogDocument, stored: CatalogDocument, merged: CatalogDocument): Promise<Problem[]> {
    const problems: Problem[] = [];
    for (const [i, wf] of doc.workflows.entries()) {
      if (!merged.eventCodes.some((e) => e.code === wf.eventCode)) problems.push({ path: `workflows.${i}.eventCode`, message: `event code ${wf.eventCode} does not exist` });
      const before = stored.workflows.find((w) => w.eventCode === wf.eventCode);
      let newest: { j: number; version: number } | undefined;
      wf.versions.forEach((v, j) => {
        const existing = before?.versions.find((b) => b.version === v.version);
        if (existing && stableJson(existing.graph) !== stableJson(v.graph)) {
          problems.push({ path: `workflows.${i}.versions.${j}.graph`, message: `version ${v.version} of ${wf.eventCode} is published and immutable, and the document's differs from it` });
        }
        if (!existing && (!newest || v.version > newest.version)) newest = { j, version: v.version };
      });
      if (newest) {
        const graph = wf.versions[newest.j].graph;
        // On an evaluation thread: an imported graph full of heavy expressions must not stall the API.
        for (const p of await this.evaluation.validateWorkflow(graph, merged, { eventCode: wf.eventCode, forPublish: true })) {
          if (p.severity !== 'error') continue;
          const where = [p.nodeId && `node ${p.nodeId}`, p.edgeId && `edge ${p.edgeId}`].filter(Boolean).join(', ');
          problems.push({ path: `workflows.${i}.versions.${newest.j}.graph`, message: where ? `${where}: ${p.message}` : p.message });
        }
      }
    }
    return problems;
  }

  private entryProblems(doc: CatalogDocument, merged: CatalogDocument): Problem[] {
    return CATALOG_KINDS.flatMap((kind) => {
      const spec = CATALOG_KIND_SPECS[kind];
      return (doc[spec.documentKey] as object[]).flatMap((entry, i) => referenceProblems(kind, entry, merged, `${spec.documentKey}.${i}`));
    });
  }

  private async plan(em: EntityManager, doc: CatalogDocument, stored: CatalogDocument): Promise<ImportChange[]> {
    const changes: ImportChange[] = [];
    for (const kind of CATALOG_KINDS) {
      const spec = CATALOG_KIND_SPECS[kind];
      const existing = new Map((stored[spec.documentKey] as object[]).map((e) => [keyOf(spec, e), e]));
      for (const entry of doc[spec.documentKey] as object[]) {
        const code = keyOf(spec, entry);
        const before = existing.get(code);
        let change: ImportChange['change'] = !before ? 'create' : 'unchanged';
        if (before) {
          if (kind === 'providers') {
            const { definition, secrets } = splitProviderSecrets(entry as Provider);
            if (stableJson(definition) !== stableJson(before) || (await this.secretsDiffer(em, code, secrets))) change = 'update';
          } else if (stableJson(entry) !== stableJson(before)) change = 'update';
        }
        changes.push({ kind, code, change });
      }
    }
    for (const wf of doc.workflows) {
      const before = stored.workflows.find((w) => w.eventCode === wf.eventCode);
      changes.push({ kind: 'workflows', code: wf.eventCode, change: !before ? 'create' : stableJson(before.draft) === stableJson(wf.draft) ? 'unchanged' : 'update' });
      for (const v of wf.versions) {
        const exists = before?.versions.some((b) => b.version === v.version);
        changes.push({ kind: 'workflow-versions', code: wf.eventCode, version: v.version, change: exists ? 'unchanged' : 'create' });
      }
    }
    return changes;
  }

  private async secretsDiffer(em: EntityManager, code: string, secrets: ProviderSecrets): Promise<boolean> {
    if (!Object.keys(secrets).length) return false;
    const row = await em.getRepository(ProviderEntity).findOneBy({ code });
    const stored = row?.secrets ? this.box.openJson<ProviderSecrets>(row.secrets) : {};
    return Object.entries(secrets).some(([k, v]) => stored[k as keyof ProviderSecrets] !== v);
  }

  private async apply(em: EntityManager, doc: CatalogDocument, stored: CatalogDocument, changes: ImportChange[], actor: string): Promise<void> {
    const changed = (kind: ImportChange['kind'], code: string, version?: number) => changes.find((c) => c.kind === kind && c.code === code && c.version === version)?.change ?? 'unchanged';
    for (const kind of CATALOG_KINDS) {
      const spec = CATALOG_KIND_SPECS[kind];
      for (const entry of doc[spec.documentKey] as object[]) {
        const code = keyOf(spec, entry);
        const change = changed(kind, code);
        if (change === 'unchanged') continue;
        const existing = change === 'update' ? { definition: (stored[spec.documentKey] as object[]).find((e) => keyOf(spec, e) === code) } : undefined;
        const row = await this.catalog.write(em, spec, code, entry, actor, existing);
        await this.audit.record(em, { actor, action: `import-${change}`, entityKind: kind, code, details: { after: row.definition } });
      }
    }
    for (const wf of doc.workflows) {
      if (changed('workflows', wf.eventCode) !== 'unchanged') {
        await em.getRepository(WorkflowDraftEntity).save({ eventCode: wf.eventCode, graph: wf.draft, updatedAt: new Date(), updatedBy: actor });
        await this.audit.record(em, { actor, action: 'import-draft', entityKind: 'workflows', code: wf.eventCode, details: null });
      }
      for (const v of wf.versions) {
        if (changed('workflow-versions', wf.eventCode, v.version) !== 'create') continue;
        // The document's frozen entries when it carries them (an export); otherwise frozen now,
        // from the catalog this import has just written.
        try {
          await insertPublishedVersion(em, { eventCode: wf.eventCode, version: v.version, graph: v.graph, publishedAt: new Date(v.publishedAt), publishedBy: v.publishedBy ?? actor, note: v.note ?? null, catalog: v.catalog });
        } catch (err) {
          if (err instanceof SnapshotReferenceError) throw validationFailed(err.problems.map((p) => ({ path: `workflows.${wf.eventCode}.versions.${v.version}`, message: p.message })), `version ${v.version} of ${wf.eventCode} uses catalog entries that do not exist; nothing was imported`);
          throw err;
        }
        await this.audit.record(em, { actor, action: 'import-version', entityKind: 'workflows', code: wf.eventCode, details: { version: v.version } });
      }
    }
  }
}

const missingDocument = () => new ApiError(400, 'the request body is missing: send the catalog document (GET /api/catalog/export gives one) as JSON with Content-Type: application/json');

/** What is stored, overlaid with the document (by key). */
function mergeCatalogs(stored: CatalogDocument, doc: CatalogDocument): CatalogDocument {
  const merged: Record<string, unknown> = { format: stored.format };
  for (const kind of CATALOG_KINDS) {
    const spec = CATALOG_KIND_SPECS[kind];
    const byKey = new Map((stored[spec.documentKey] as object[]).map((e) => [keyOf(spec, e), e]));
    for (const e of doc[spec.documentKey] as object[]) byKey.set(keyOf(spec, e), e);
    merged[spec.documentKey] = [...byKey.values()];
  }
  const workflows = new Map<string, Workflow>(stored.workflows.map((w) => [w.eventCode, w]));
  for (const wf of doc.workflows) {
    const before = workflows.get(wf.eventCode);
    const versions = new Map((before?.versions ?? []).map((v) => [v.version, v]));
    for (const v of wf.versions) if (!versions.has(v.version)) versions.set(v.version, v);
    workflows.set(wf.eventCode, { eventCode: wf.eventCode, draft: wf.draft, versions: [...versions.values()].sort((a, b) => a.version - b.version) });
  }
  merged.workflows = [...workflows.values()];
  return merged as CatalogDocument;
}

function duplicateProblems(doc: CatalogDocument): Problem[] {
  const problems: Problem[] = [];
  for (const kind of CATALOG_KINDS) {
    const spec = CATALOG_KIND_SPECS[kind];
    const seen = new Set<string>();
    (doc[spec.documentKey] as object[]).forEach((e, i) => {
      const key = keyOf(spec, e);
      if (seen.has(key)) problems.push({ path: `${spec.documentKey}.${i}.${spec.keyField}`, message: `${spec.label} ${key} appears twice in the document` });
      seen.add(key);
    });
  }
  const seenWf = new Set<string>();
  doc.workflows.forEach((wf, i) => {
    if (seenWf.has(wf.eventCode)) problems.push({ path: `workflows.${i}.eventCode`, message: `workflow ${wf.eventCode} appears twice in the document` });
    seenWf.add(wf.eventCode);
    const versions = new Set<number>();
    wf.versions.forEach((v, j) => {
      if (v.eventCode !== wf.eventCode) problems.push({ path: `workflows.${i}.versions.${j}.eventCode`, message: `must be ${wf.eventCode}, the workflow it is listed under` });
      if (versions.has(v.version)) problems.push({ path: `workflows.${i}.versions.${j}.version`, message: `version ${v.version} appears twice` });
      versions.add(v.version);
    });
  });
  return problems;
}
