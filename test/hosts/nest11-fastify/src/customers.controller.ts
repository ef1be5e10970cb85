import { Controller, Get } from '@nestjs/common';

/** The host's own customers: the plugin's live under /loyalty beside them. */
@Controller('customers')
export class CustomersController {
  @Get()
  list() {
    return { from: 'the host' };
  }
}
