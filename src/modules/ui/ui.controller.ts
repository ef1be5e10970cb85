import { Delete, Get, HttpCode, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { addCookie, redirect, reply, setHeader, type AnyResponse } from '../../common/http-reply.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { cookieValue, UI_CSRF_HEADER, UI_SESSION_COOKIE, UiSessions, type UiSessionView } from '../../common/security/ui-sessions.service.js';
import { languageOf } from './languages.js';
import { loadUiAssets, type UiAsset } from './ui-assets.js';
import { UiSessionDto } from './ui-session.dto.js';

/** What the pages need of a request, on Express or Fastify. */
interface PageRequest {
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  secure?: boolean;
  protocol?: string;
}

/**
 * The embedded back-office and till pages under `/ui/`. A host opens `/ui/?token=…` with a
 * token it minted (mintUiToken); the plugin swaps it for an HttpOnly session cookie and
 * redirects, so the token leaves the address bar and the history at once.
 */
@RegularsController('ui', 'pages')
export class UiController {
  private assets: Map<string, UiAsset> | null | undefined;

  constructor(
    private readonly sessions: UiSessions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  async page(@Req() request: PageRequest, @Res() response: AnyResponse, @Query('token') token?: string): Promise<void> {
    const path = (request.originalUrl ?? request.url).split('?')[0];
    const here = path.endsWith('/') ? path : `${path}/`;
    setHeader(response, 'Cache-Control', 'no-store');
    setHeader(response, 'Referrer-Policy', 'no-referrer');
    if (typeof token === 'string') {
      const opened = await this.sessions.open(token);
      // Browsers drop a SameSite=None cookie that is not Secure.
      const secure = this.config.uiCookieSameSite === 'none' || request.secure === true || request.protocol === 'https';
      const maxAgeSeconds = Math.max(0, Math.floor((opened.expiresAt.getTime() - this.config.clock.now().getTime()) / 1000));
      addCookie(response, sessionCookie(opened.cookie, { sameSite: this.config.uiCookieSameSite, secure, maxAgeSeconds }));
      redirect(response, 303, here);
      return;
    }
    if (path !== here) {
      redirect(response, 301, here);
      return;
    }
    const session = await this.sessions.find(cookieValue(header(request, 'cookie'), UI_SESSION_COOKIE)).catch(() => null);
    const assets = this.builtAssets();
    setHeader(response, 'Content-Security-Policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'");
    if (!session) {
      reply(response, 401, notSignedInPage(), HTML);
      return;
    }
    reply(response, 200, shell(this.bootstrapOf(session), assets), HTML);
  }

  @Get('session')
  @ApiOperation({ summary: 'The signed-in page’s actor, language, CSRF token, currency and time zone (session cookie).' })
  @ApiOkResponse({ type: UiSessionDto })
  async session(@Req() request: PageRequest): Promise<UiSessionDto> {
    return this.bootstrapOf(await this.sessions.find(cookieValue(header(request, 'cookie'), UI_SESSION_COOKIE)));
  }

  @Delete('session')
  @HttpCode(204)
  @ApiOperation({ summary: 'Signs the page out (session cookie and X-Regulars-CSRF).' })
  @ApiNoContentResponse()
  async signOut(@Req() request: PageRequest, @Res({ passthrough: true }) response: AnyResponse): Promise<void> {
    const cookie = cookieValue(header(request, 'cookie'), UI_SESSION_COOKIE);
    await this.sessions.find(cookie, header(request, UI_CSRF_HEADER) ?? null);
    await this.sessions.close(cookie);
    addCookie(response, sessionCookie('', { sameSite: this.config.uiCookieSameSite, secure: false, maxAgeSeconds: 0 }));
  }

  @Get('assets/:name')
  @ApiExcludeEndpoint()
  asset(@Param('name') name: string, @Req() request: PageRequest, @Res() response: AnyResponse): void {
    const asset = this.builtAssets().get(name);
    if (!asset) throw new RegularsError('not_found', `no page asset ${name}`);
    const etag = `"${asset.version}"`;
    setHeader(response, 'ETag', etag);
    // The page asks for ?v=<hash>, so a cached copy can never be a stale one.
    setHeader(response, 'Cache-Control', request.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (header(request, 'if-none-match') === etag) {
      reply(response, 304);
      return;
    }
    reply(response, 200, asset.body, asset.contentType);
  }

  private builtAssets(): Map<string, UiAsset> {
    this.assets ??= loadUiAssets();
    if (!this.assets) throw new RegularsError('unavailable', 'the pages are not built: run npm run build');
    return this.assets;
  }

  private bootstrapOf(session: UiSessionView): UiSessionDto {
    const { id, name, permissions, locationId, terminalId } = session.actor;
    return {
      actor: { id, name, permissions, locationId, terminalId },
      locale: session.locale,
      csrfToken: session.csrfToken,
      currency: this.config.defaultCurrency,
      timeZone: this.config.timeZone,
      expiresAt: session.expiresAt.toISOString(),
    };
  }
}

const HTML = 'text/html; charset=utf-8';

function header(request: PageRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The session cookie as a Set-Cookie line: HttpOnly, for the whole site (the API lives beside
 * the pages). Max-Age, not Expires: the browser counts it from when it arrives, so a browser
 * whose clock disagrees with the host's keeps the session as long as the plugin does.
 */
function sessionCookie(value: string, options: { sameSite: 'strict' | 'lax' | 'none'; secure: boolean; maxAgeSeconds: number }): string {
  const sameSite = options.sameSite[0].toUpperCase() + options.sameSite.slice(1);
  return [`${UI_SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', `SameSite=${sameSite}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** JSON inside a script element: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function shell(bootstrap: UiSessionDto, assets: Map<string, UiAsset>): string {
  const version = (name: string) => assets.get(name)?.version ?? '';
  return `<!doctype html>
<html lang="${languageOf(bootstrap.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regulars</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/app.css?v=${version('app.css')}">
</head>
<body>
<div id="app"></div>
<script type="application/json" id="regulars-bootstrap">${scriptJson(bootstrap)}</script>
<script type="module" src="assets/app.js?v=${version('app.js')}"></script>
</body>
</html>
`;
}

function notSignedInPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Regulars</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem">
<h1>Not signed in</h1>
<p>Open Regulars from your back office or till: it signs you in for a shift.</p>
</body></html>
`;
}
