import { BadRequestException, Controller, Get, Inject, Query, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { mintUiToken, PERMISSIONS, type Permission } from '../../src/index.js';
import { SANDBOX_CONFIG, SANDBOX_TENANT, type SandboxConfig } from '../sandbox-config.js';

/** The sandbox's staff, as a host's roles map onto the plugin's permissions. */
const ROLES: Record<string, { id: string; name: string; permissions: Permission[] }> = {
  manager: { id: 'manager-1', name: 'Maria', permissions: Object.keys(PERMISSIONS) as Permission[] },
  waiter: { id: 'waiter-1', name: 'Anna', permissions: ['terminal.use', 'customers.read', 'accounts.read', 'visits.read'] },
};

/** The host names its roles in its user's language; the plugin's pages show the name they are given. */
const ROLE_NAMES: Record<string, Record<string, string>> = {
  en: { manager: 'manager', waiter: 'waiter' },
  ru: { manager: 'управляющий', waiter: 'официант' },
  vi: { manager: 'quản lý', waiter: 'phục vụ' },
  sv: { manager: 'chef', waiter: 'servitör' },
};

/**
 * The sandbox's back-office menu: it signs its user in to the plugin's pages the way a
 * host does, with a token minted under the tenant's secret, and sends the browser there.
 */
@ApiExcludeController()
@Controller('back-office')
export class BackOfficeController {
  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  @Get()
  @Redirect()
  open(@Query('as') as = 'manager', @Query('page') page = 'customers', @Query('locale') locale = 'en'): { url: string; statusCode: number } {
    const role = ROLES[as];
    if (!role) throw new BadRequestException(`as: one of ${Object.keys(ROLES).join(', ')}`);
    if (!/^[\w/-]{1,100}(\?[\w=&.-]{0,100})?$/.test(page)) throw new BadRequestException('page: a page path such as customers, or till?customer=<id>');
    const token = mintUiToken({
      secret: this.config.tenantSecrets[SANDBOX_TENANT],
      tenantId: SANDBOX_TENANT,
      actor: { id: role.id, name: `${role.name} (${(ROLE_NAMES[locale.slice(0, 2)] ?? ROLE_NAMES.en)[as]})`, permissions: role.permissions, terminalId: 'pos-1', locationId: 'cafe-1' },
      locale,
      ttlSeconds: 60,
      now: Math.floor(this.config.clock.now().getTime() / 1000),
    });
    return { url: `/ui/?token=${encodeURIComponent(token)}#/${page}`, statusCode: 303 };
  }
}
