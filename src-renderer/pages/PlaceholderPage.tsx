import { useT } from '../i18n.tsx';

export function PlaceholderPage({ title }: { title: string }) {
  const t = useT();
  return (
    <section>
      <h1>{title}</h1>
      <div className="panel muted">{t('notYet')}</div>
    </section>
  );
}
