import { Module } from '@nestjs/common';
import { ImportMappings } from './import-mappings.service.js';
import { ImportsRepository } from './imports.repository.js';

@Module({ providers: [ImportMappings, ImportsRepository], exports: [ImportMappings] })
export class ImportsModule {}
