import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { UiBootstrap } from './bootstrap.js';

/** The page's bootstrap, embedded by the plugin beside the script. */
export function readBootstrap(): UiBootstrap {
  const element = document.getElementById('regulars-bootstrap');
  if (!element?.textContent) throw new Error('Regulars: the page was opened without its session');
  return JSON.parse(element.textContent) as UiBootstrap;
}

export const SessionContext = createContext<UiBootstrap | null>(null);

export function useSession(): UiBootstrap {
  const session = useContext(SessionContext);
  if (!session) throw new Error('Regulars: useSession() outside the app');
  return session;
}

/** What the signed-in actor may do; pages hide what the API would refuse anyway. */
export function useCan(): (permission: string) => boolean {
  const { actor } = useSession();
  return (permission) => actor.permissions.includes(permission);
}
