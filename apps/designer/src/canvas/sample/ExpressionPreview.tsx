import { useEffect, useState } from 'react';
import { previewExpression, type ExpressionPreview as Preview } from '@signalbox/domain';
import { usePinnedSample } from './pinned-sample.store';
import { useStepRunScope } from './step-run.context';

/** Evaluated this long after the last keystroke, not on every one. */
const DEBOUNCE_MS = 250;

/**
 * The value an expression gives against the workflow's pinned sample data, evaluated in the browser
 * with a run's own bounds (the domain's previewExpression), 250 ms after typing stops.
 */
export function ExpressionPreview({ expression }: { expression: string }) {
  const scope = useStepRunScope();
  const sample = usePinnedSample(scope?.eventCode);
  const [preview, setPreview] = useState<{ for: string; result: Preview } | null>(null);
  const eventCode = scope?.eventCode ?? '';
  const text = expression.trim();
  useEffect(() => {
    if (!sample || !text) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void previewExpression(text, sample, { eventCode, now: Date.now() }).then((result) => {
        if (!cancelled) setPreview({ for: text, result });
      });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, sample, eventCode]);
  if (!scope || !text) return null;
  if (!sample) return <div className="expr-preview muted">Pin sample data (Test run tab) to preview this value</div>;
  if (!preview) return <div className="expr-preview muted">→ …</div>;
  // While a new value is on its way the last one stays, dimmed, so the line does not flicker.
  const stale = preview.for !== text;
  return (
    <div className={`expr-preview${stale ? ' expr-preview-stale' : ''}${preview.result.ok ? '' : ' expr-preview-error'}`} data-testid="expression-preview" aria-live="polite" title={preview.result.ok ? preview.result.text : preview.result.message}>
      {preview.result.ok ? `→ ${preview.result.text}` : `→ error: ${preview.result.message}`}
    </div>
  );
}
