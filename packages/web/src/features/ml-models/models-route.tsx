import { lazy, Suspense } from 'react';
import form from '../../shared/form.module.css';

// The Models page is an administrator's page: its code is a separate chunk, fetched when it opens.
const ModelsView = lazy(() => import('./models-view').then((module) => ({ default: module.ModelsView })));

/** The Models page's route (`#/models?twin=<id>`): loads the page's code on first use. */
export function ModelsRoute({ twinId }: { readonly twinId: string | null }) {
  return (
    <Suspense fallback={<p className={form.hint}>Loading the models…</p>}>
      <ModelsView twinId={twinId} />
    </Suspense>
  );
}
