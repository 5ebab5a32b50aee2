import { useState } from 'react';
import { Banner } from '../ui/states';
import type { CreatedApiKey } from './api-keys.model';

/** The new key, shown this once: the API keeps only its hash. */
export function NewKeyBanner({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the key stays selectable.
      setCopied('no');
    }
  };
  return (
    <Banner kind="ok" onClose={onClose}>
      <p>
        Key <strong>{created.name}</strong> ({created.role}) created. Copy it now: <strong>you won't see it again</strong>, the API keeps only a hash of it.
      </p>
      <p className="new-key">
        <code data-testid="new-api-key" className="mono">
          {created.key}
        </code>{' '}
        <button className="btn" onClick={() => void copy()}>
          Copy key
        </button>{' '}
        <span role="status" className="small">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'The browser refused the clipboard: select the key and copy it.' : ''}
        </span>
      </p>
    </Banner>
  );
}
