import { ApiProperty } from '@nestjs/swagger';
import type { AuditValue } from './audit-entry.entity.js';

/** A value as the trail keeps it; null once the customer's data is erased. */
const AUDIT_VALUE = { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] };

export class AuditChangeDto {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty(AUDIT_VALUE) from: AuditValue;
  @ApiProperty(AUDIT_VALUE) to: AuditValue;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'customer', description: 'What was changed: customer, contact, identifier…' }) subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ example: 'updated' }) action: string;
  @ApiProperty() actorId: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ type: () => [AuditChangeDto] }) changes: AuditChangeDto[];
  @ApiProperty({ format: 'date-time' }) at: string;
}
