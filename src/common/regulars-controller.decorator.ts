import { applyDecorators, Controller, SetMetadata, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RegularsErrorFilter } from './errors/regulars-error.filter.js';
import { regularsValidationPipe } from './validation/validation.js';

/** Marks the plugin's controllers, whose routes read their own JSON bodies (registerJsonBodyParser). */
export const REGULARS_CONTROLLER = 'regulars:controller';

/**
 * Every controller of the plugin: its own validation pipe and error filter, scoped to
 * the plugin's routes so nothing is imposed on the host's application.
 */
export const RegularsController = (path: string, tag: string): ClassDecorator =>
  applyDecorators(
    Controller(path),
    SetMetadata(REGULARS_CONTROLLER, true),
    UseFilters(RegularsErrorFilter),
    UsePipes(regularsValidationPipe()),
    ApiTags(tag),
  );
