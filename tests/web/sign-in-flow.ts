/**
 * Signing in through the local OpenID provider the way a browser does, for HTTP-level tests: follow
 * the redirects by hand, keep each site's cookies, pick the person on the local sign-in page.
 */
import type { RunningWeb } from '../../client/web/main.js';

/** Cookies per origin: enough of a browser for the sign-in redirects. */
export class CookieJar {
  private jar = new Map<string, Map<string, string>>();
  store(origin: string, setCookies: string[]): void {
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }
  header(origin: string): string {
    return [...(this.jar.get(origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Response {
  status: number;
  location?: string;
  body: string;
}

/** One request to a listening server with the jar's cookies; no redirect is followed. */
export async function send(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const origin = new URL(url).origin;
  const res = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: { cookie: jar.header(origin), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  jar.store(origin, res.headers.getSetCookie());
  const location = res.headers.get('location') ?? undefined;
  return { status: res.status, location: location ? new URL(location, url).href : undefined, body: await res.text() };
}

/**
 * Signs in as `staffId` starting from `path` on the web app at `webUrl`: the app sends the person to
 * the provider, the provider's page is answered with the person, and the provider sends them back.
 * Returns the response of the last step (the redirect to where they were going).
 */
export async function signIn(jar: CookieJar, webUrl: string, staffId: string, path = '/'): Promise<Response> {
  let res = await send(jar, `${webUrl}${path}`);
  for (let hops = 0; hops < 12 && res.location; hops++) {
    const interaction = /\/interaction\/([^/?#]+)$/.exec(res.location);
    if (interaction) {
      const page = await send(jar, res.location);
      if (page.status !== 200) return page;
      res = await send(jar, `${new URL(res.location).origin}/interaction/${interaction[1]}/login`, { form: { staffId } });
      continue;
    }
    if (res.location.startsWith(webUrl) && !res.location.startsWith(`${webUrl}/login`)) return res;
    res = await send(jar, res.location);
  }
  return res;
}

/** The session cookie for `fastify.inject`, taken from a jar that signed in against `webUrl`. */
export function injectCookie(jar: CookieJar, webUrl: string): string {
  return jar.header(new URL(webUrl).origin);
}

/** A request through `fastify.inject` on a running web app with the jar's cookies; cookies it sets are kept. */
export async function injectWith(jar: CookieJar, web: Pick<RunningWeb, 'url' | 'app'>, method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
  const origin = new URL(web.url).origin;
  const res = await web.app.inject({
    method,
    url,
    headers: { cookie: jar.header(origin), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    payload: form ? new URLSearchParams(form).toString() : undefined,
  });
  const setCookie = res.headers['set-cookie'];
  jar.store(origin, setCookie === undefined ? [] : [setCookie].flat());
  return res;
}

/** A request as one of the signed-in people, through `fastify.inject`. */
export type AsPerson = (who: string, method: 'GET' | 'POST', url: string, form?: Record<string, string>) => ReturnType<typeof injectWith>;

/** Signs each person in once through the provider; the function returned sends requests as one of them. */
export async function signInPeople(web: Pick<RunningWeb, 'url' | 'app'>, people: readonly string[]): Promise<AsPerson> {
  const jars = new Map<string, CookieJar>();
  for (const person of people) {
    const jar = new CookieJar();
    await signIn(jar, web.url, person);
    jars.set(person, jar);
  }
  return (who, method, url, form) => injectWith(jars.get(who)!, web, method, url, form);
}

/** Opens the page with the form and posts it with that page's own CSRF token, as a browser would. */
export async function postFromPage(request: AsPerson, who: string, pageUrl: string, postUrl: string, form: Record<string, string>) {
  const page = await request(who, 'GET', pageUrl);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return request(who, 'POST', postUrl, { _csrf: csrf, ...form });
}
