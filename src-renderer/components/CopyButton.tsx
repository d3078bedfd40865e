import { useState } from 'react';
import { useT } from '../i18n.tsx';

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      aria-label={`${copied ? t('copied') : t('copy')} ${label ?? text}`}
      onClick={async (e) => {
        e.stopPropagation();
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 1200);
      }}
    >
      {copied ? (
        <>
          <span aria-hidden="true">✓ </span>
          {t('copied')}
        </>
      ) : (
        t('copy')
      )}
    </button>
  );
}
