import { Module } from '@nestjs/common';
import { UiController } from './ui.controller.js';

/** The plugin's own back-office and till pages, for hosts that cannot draw its forms. */
@Module({ controllers: [UiController] })
export class UiModule {}
