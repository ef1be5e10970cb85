import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { PageArea } from './area';
import type { UiBootstrap } from './bootstrap';
import { ErrorNotice, Page } from './components';
import { t } from './i18n';
import { accountsArea } from './pages/accounts/area';
import { customersArea } from './pages/customers/area';
import { promotionsArea } from './pages/promotions/area';
import { tiersArea } from './pages/tiers/area';
import { tillArea } from './pages/till/area';
import { navigate, useRoute } from './router';
import { SessionContext } from './session';

/** The areas in menu order. */
const AREAS: PageArea[] = [customersArea, promotionsArea, tiersArea, accountsArea, tillArea];

export function App(props: { session: UiBootstrap }) {
  const route = useRoute();
  const can = (permission: string) => props.session.actor.permissions.includes(permission);
  const nav = AREAS.flatMap((area) => area.nav).filter((entry) => can(entry.permission));
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => {
    // The first page the actor may open is home.
    if (route.segments.length === 0 && nav.length > 0) navigate(nav[0].href);
  }, [route.path]);
  const page = AREAS.reduce<ReturnType<PageArea['page']>>((found, area) => found ?? area.page(route), null);
  const signOut = async () => {
    await api('DELETE', 'ui/session');
    setSignedOut(true);
  };
  return (
    <SessionContext.Provider value={props.session}>
      <div class="layout">
        <header class="topbar">
          <strong class="brand">{t('app.title')}</strong>
          <nav aria-label={t('nav.menu')}>
            {nav.map((entry) => (
              <a key={entry.href} href={entry.href} aria-current={route.path.startsWith(entry.href.slice(1)) ? 'page' : undefined}>
                {t(entry.label)}
              </a>
            ))}
          </nav>
          <span class="who">{props.session.actor.name ?? props.session.actor.id}</span>
          <button type="button" class="link" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </header>
        <main>
          {signedOut ? (
            <ErrorNotice error={new Error(t('error.signedOut'))} />
          ) : nav.length === 0 ? (
            <Page title={t('app.title')}>
              <p>{t('page.noAccess')}</p>
            </Page>
          ) : (
            (page ?? (route.segments.length > 0 && <Page title={t('page.notFound')}>{null}</Page>))
          )}
        </main>
      </div>
    </SessionContext.Provider>
  );
}
