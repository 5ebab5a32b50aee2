/*
 * The push gateway's wire format: FCM HTTP v1's send call, the subset Signalbox uses. Written once
 * for the sender (the worker's push adapter) and the gateway the simulator plays.
 *
 *   POST <endpoint>/v1/projects/<project>/messages:send
 *   Authorization: Bearer <token>
 *   { "message": { "token": "<device token>", "notification": { "title": "…", "body": "…" }, "data": { … } } }
 *
 * 200 answers `{ "name": "projects/<project>/messages/<id>" }`; an error answers
 * `{ "error": { "code": <http status>, "message": "…", "status": "<canonical status>" } }`.
 */

export interface FcmSendRequest {
  message: {
    token: string;
    notification: { title: string; body: string };
    /** String values only, as FCM requires. */
    data?: Record<string, string>;
  };
}

export interface FcmSendResponse {
  name: string;
}

export interface FcmErrorBody {
  error: { code: number; message: string; status: string };
}

/** The path of the send call under a gateway endpoint. */
export function fcmSendPath(project: string): string {
  return `/v1/projects/${encodeURIComponent(project)}/messages:send`;
}

/**
 * Error statuses worth another attempt: the gateway is overloaded or down. Every other status
 * (UNREGISTERED, INVALID_ARGUMENT, SENDER_ID_MISMATCH, NOT_FOUND, PERMISSION_DENIED,
 * UNAUTHENTICATED…) is a refusal that would only repeat.
 */
export const FCM_RETRYABLE_STATUSES: readonly string[] = ['UNAVAILABLE', 'INTERNAL', 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED'];

/** Statuses that mean the recipient is gone rather than the message wrong: the device token is no longer valid. */
export const FCM_RECIPIENT_GONE_STATUSES: readonly string[] = ['UNREGISTERED', 'NOT_FOUND'];
