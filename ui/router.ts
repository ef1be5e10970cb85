import { useEffect, useState } from 'preact/hooks';

/**
 * Pages live behind the hash (`#/customers/c_…/accounts`), so the plugin serves one
 * document under `/ui/` and the host's iframe or link can open any page directly.
 */
export interface Route {
  path: string;
  segments: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const [path, search = ''] = window.location.hash.replace(/^#/, '').split('?');
  const clean = path || '/';
  return { path: clean, segments: clean.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** A link target: `href('customers', id, 'accounts')` → `#/customers/<id>/accounts`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(target: string): void {
  window.location.hash = target.replace(/^#/, '');
}
