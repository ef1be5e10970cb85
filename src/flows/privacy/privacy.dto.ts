import { ApiProperty } from '@nestjs/swagger';

const ROWS_BY_KIND = { type: 'object', additionalProperties: { type: 'integer' }, example: { contacts: 2, identifiers: 1 } } as const;

export class ErasureReportDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty({ ...ROWS_BY_KIND, description: 'Rows changed or removed, by kind of data.' }) rows: Record<string, number>;
}

export class PurgeReportDto {
  @ApiProperty() tenantId: string;
  @ApiProperty({ format: 'date-time' }) purgedAt: string;
  @ApiProperty() customersErased: number;
  @ApiProperty({ ...ROWS_BY_KIND, description: 'Rows changed or removed, by kind of data.' }) rows: Record<string, number>;
}
