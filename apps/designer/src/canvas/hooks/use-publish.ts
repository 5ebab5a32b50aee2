import { useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/api-client';

export type PublishMessage = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Publishing the draft (or re-publishing an old version: a rollback), shared by the toolbar and
 * the Versions panel. A refusal's problems go to the editor's problem banner.
 */
export function usePublish(eventCode: string, onPublished: () => void, onProblems: (messages: string[]) => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<PublishMessage>(null);
  const publish = async (note: string, fromVersion?: number): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      const res = await api.post<{ version: number }>(`/workflows/${encodeURIComponent(eventCode)}/publish`, { note: note || undefined, fromVersion });
      setMessage({ kind: 'ok', text: fromVersion ? `Rolled back: version ${fromVersion} republished as v${res.version}.` : `Published v${res.version}.` });
      onPublished();
      return true;
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as { problems?: { message: string; nodeId?: string; path?: string }[] }) : undefined;
      const list = body?.problems?.map((p) => `${p.nodeId ?? p.path ?? ''} ${p.message}`.trim()) ?? [];
      onProblems(list);
      setMessage({ kind: 'error', text: list.length ? `Not published: ${list.length} problem${list.length === 1 ? '' : 's'} (see the problems list).` : errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { publish, busy, message, clearMessage: () => setMessage(null) };
}
