import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { PageArea } from './area.js';
import type { UiBootstrap } from './bootstrap.js';
import { ErrorNotice, Page } from './components.js';
import { t } from './i18n/index.js';
import { accountsArea } from './pages/accounts/area.js';
import { customersArea } from './pages/customers/area.js';
import { promotionsArea } from './pages/promotions/area.js';
import { tiersArea } from './pages/tiers/area.js';
import { tillArea } from './pages/till/area.js';
import { tabsArea } from './pages/tabs/area.js';
import { webhooksArea } from './pages/webhooks/area.js';
import { messagesArea } from './pages/messages/area.js';
import { reportsArea } from './pages/reports/area.js';
import { MENU } from './menu.js';
import { navigate, useRoute } from './router.js';
import { SessionContext } from './session.js';

/** The areas; a route belongs to the first that answers it. */
const AREAS: PageArea[] = [customersArea, promotionsArea, tiersArea, accountsArea, webhooksArea, messagesArea, reportsArea, tillArea, tabsArea];

export function App(props: { session: UiBootstrap }) {
  const route = useRoute();
  const can = (permission: string) => props.session.actor.permissions.includes(permission);
  const nav = MENU.filter((entry) => can(entry.permission)).map((entry) => ({ ...entry, href: `#/${entry.route}` }));
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
