import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service.js';
import { AuditRepository } from './audit.repository.js';

@Module({ providers: [AuditRepository, AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
