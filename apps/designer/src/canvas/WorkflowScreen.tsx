import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, errorMessage } from '../api/api-client';
import type { VersionDetail, WorkflowDetail } from '../api/api-types';
import { useCatalog } from '../api/catalog.data';
import { useAsync } from '../ui/use-async';
import { ErrorState, Loading, Empty } from '../ui/states';
import { href } from '../app/router';
import { usePermissions } from '../app/session';
import { createCanvasStore } from './canvas.store';
import { CanvasCatalogProvider } from './catalog.context';
import { WorkflowEditor } from './WorkflowEditor';
import { tabClipboard } from './step-clipboard';

/** Shared by every workflow's canvas in this tab: copy in one, paste in another. */
const TAB_CLIPBOARD = tabClipboard();

/** Loads an event code's workflow and the catalog, then hands both to the editor. */
export function WorkflowScreen({ eventCode }: { eventCode: string }) {
  const catalog = useCatalog([eventCode]);
  const workflow = useAsync(() => api.get<WorkflowDetail>(`/workflows/${encodeURIComponent(eventCode)}`), [eventCode]);
  if ((workflow.loading && !workflow.data) || (catalog.loading && !catalog.data)) return <Loading what={`Opening ${eventCode}`} />;
  if (workflow.error || !workflow.data) {
    const notFound = workflow.error && /not found/i.test(workflow.error);
    return notFound ? (
      <Empty title={`There is no event code ${eventCode}.`}>
        Create it under <a href={href('event-codes')}>Event codes</a>, then open its workflow.
      </Empty>
    ) : (
      <ErrorState message={workflow.error ?? 'No data'} onRetry={workflow.reload} />
    );
  }
  if (catalog.error) return <ErrorState message={`Could not load the catalog: ${catalog.error}`} onRetry={catalog.reload} />;
  return (
    <CanvasCatalogProvider data={catalog.data} ownEventCode={eventCode} reload={catalog.reload}>
      <ReactFlowProvider>
        <WorkflowLoaded detail={workflow.data} reload={workflow.reload} />
      </ReactFlowProvider>
    </CanvasCatalogProvider>
  );
}

function WorkflowLoaded({ detail, reload }: { detail: WorkflowDetail; reload(): void }) {
  const perms = usePermissions();
  const [draftStore] = useState(() => createCanvasStore(detail.draft, TAB_CLIPBOARD));
  const readOnlyForRole = !perms.editDrafts;
  useEffect(() => {
    if (readOnlyForRole) draftStore.getState().load(draftStore.getState().graph(), { readOnly: true });
  }, [draftStore, readOnlyForRole]);
  const viewStore = useMemo(() => createCanvasStore(), []);

  const loadVersion = async (v: number): Promise<VersionDetail> => api.get<VersionDetail>(`/workflows/${encodeURIComponent(detail.eventCode)}/versions/${v}`);
  return (
    <WorkflowEditor
      eventCode={detail.eventCode}
      versions={detail.versions}
      catalogChangedSince={detail.catalogChangedSince}
      draftStore={draftStore}
      viewStore={viewStore}
      // Stale answers are dropped by the editor's effect; a diff loads two versions at once.
      loadVersion={loadVersion}
      onPublished={reload}
      describeError={errorMessage}
    />
  );
}
