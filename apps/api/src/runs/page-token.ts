import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiConfigShape } from '../config/api.config';

const MAC_BYTES = 16;

/**
 * Temporal's visibility page tokens, sealed with an HMAC over the query they continue. A token
 * the API did not hand out for this query is refused at once (422) instead of being passed on to
 * Temporal, whose answer to a garbled token is an internal error retried for twenty seconds.
 */
@Injectable()
export class PageTokens {
  private readonly key: Buffer;

  constructor(@Inject(ConfigService) config: ConfigService<ApiConfigShape, true>) {
    this.key = createHmac('sha256', Buffer.from(config.getOrThrow('api', { infer: true }).secretKey, 'base64')).update('signalbox run-list page tokens').digest();
  }

  seal(query: string, token: Uint8Array): string {
    return Buffer.concat([this.mac(query, token), token]).toString('base64url');
  }

  /** Temporal's token, or undefined when `sealed` was not made by seal() for this query. */
  open(query: string, sealed: string): Buffer | undefined {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= MAC_BYTES) return undefined;
    const token = bytes.subarray(MAC_BYTES);
    const mac = bytes.subarray(0, MAC_BYTES);
    return timingSafeEqual(mac, this.mac(query, token)) ? token : undefined;
  }

  private mac(query: string, token: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(query).update('\n').update(token).digest().subarray(0, MAC_BYTES);
  }
}
