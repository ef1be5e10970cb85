import { Delete, Get, HttpCode, Inject, NotFoundException, Param, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { cookieValue, UI_CSRF_HEADER, UI_SESSION_COOKIE, UiSessions, type UiSessionView } from '../../host/security/ui-sessions.service.js';
import { languageOf } from './app/i18n/languages.js';
import { loadUiAssets, type UiAsset } from './ui-assets.js';
import type { UiBootstrap } from './app/bootstrap.js';

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
  async page(@Req() request: Request, @Res() response: Response, @Query('token') token?: string): Promise<void> {
    const path = request.originalUrl.split('?')[0];
    const here = path.endsWith('/') ? path : `${path}/`;
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (typeof token === 'string') {
      const opened = await this.sessions.open(token);
      response.cookie(UI_SESSION_COOKIE, opened.cookie, {
        httpOnly: true,
        sameSite: this.config.uiCookieSameSite,
        // Browsers drop a SameSite=None cookie that is not Secure.
        secure: this.config.uiCookieSameSite === 'none' || request.secure,
        path: '/',
        expires: opened.expiresAt,
      });
      response.redirect(303, here);
      return;
    }
    if (path !== here) {
      response.redirect(301, here);
      return;
    }
    const session = await this.sessions.find(cookieValue(request.headers.cookie, UI_SESSION_COOKIE)).catch(() => null);
    const assets = this.builtAssets();
    response.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'");
    response.type('html');
    if (!session) {
      response.status(401).send(notSignedInPage());
      return;
    }
    response.send(shell(this.bootstrapOf(session), assets));
  }

  @Get('session')
  @ApiOperation({ summary: 'The signed-in page’s actor, language, CSRF token, currency and time zone (session cookie).' })
  @ApiOkResponse({ description: 'The page’s bootstrap; 401 without a session.' })
  async session(@Req() request: Request): Promise<UiBootstrap> {
    return this.bootstrapOf(await this.sessions.find(cookieValue(request.headers.cookie, UI_SESSION_COOKIE)));
  }

  @Delete('session')
  @HttpCode(204)
  @ApiOperation({ summary: 'Signs the page out (session cookie and X-Regulars-CSRF).' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const cookie = cookieValue(request.headers.cookie, UI_SESSION_COOKIE);
    await this.sessions.find(cookie, (request.headers[UI_CSRF_HEADER] as string | undefined) ?? null);
    await this.sessions.close(cookie);
    response.clearCookie(UI_SESSION_COOKIE, { path: '/' });
  }

  @Get('assets/:name')
  @ApiExcludeEndpoint()
  asset(@Param('name') name: string, @Req() request: Request, @Res() response: Response): void {
    const asset = this.builtAssets().get(name);
    if (!asset) throw new NotFoundException(`no page asset ${name}`);
    const etag = `"${asset.version}"`;
    response.setHeader('ETag', etag);
    // The page asks for ?v=<hash>, so a cached copy can never be a stale one.
    response.setHeader('Cache-Control', request.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === etag) {
      response.status(304).end();
      return;
    }
    response.type(asset.contentType).send(asset.body);
  }

  private builtAssets(): Map<string, UiAsset> {
    this.assets ??= loadUiAssets();
    if (!this.assets) throw new ServiceUnavailableException('the pages are not built: run npm run build');
    return this.assets;
  }

  private bootstrapOf(session: UiSessionView): UiBootstrap {
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

/** JSON inside a script element: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function shell(bootstrap: UiBootstrap, assets: Map<string, UiAsset>): string {
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
